/**
 * The keyword retriever: BM25 over the impact-ordered term index (chunk_terms and term_stats, written when a
 * version is published), read in passes that widen only when the access check or the filters leave too few.
 */
import { Prisma } from "@lore/db";
import { visibleChunkSql } from "../knowledge-base/access";
import { CANDIDATE_COLUMNS, WITH_COLUMNS, type CandidateRow, type Reach, type Tx } from "./candidates";
import { queryTerms } from "./query-terms";

/**
 * The keyword retriever reads the best `postings` postings of each query term from the impact-ordered term
 * index, sums idf × impact per chunk, and re-scores the best `rescore` chunks exactly over every query term.
 * That is exact BM25 whenever no term has more postings than that (every corpus of a few thousand chunks) and
 * a close approximation beyond, at a cost that does not grow with the corpus. If the access check or the
 * filters then leave fewer than the wanted candidates, it widens the read and tries again.
 */
export const KEYWORD_PASSES = [
  { postings: 500, rescore: 100 },
  { postings: 4_000, rescore: 800 },
  { postings: 1_000_000_000, rescore: 1_000_000_000 },
] as const;

export type KeywordRow = CandidateRow & Reach;

export interface KeywordArgs {
  terms: string[];
  model: string;
  candidates: number;
  acl: Prisma.Sql;
  filters: Prisma.Sql;
}

/**
 * The query's lexemes (`term_id`, `df`, `idf`), for the keyword retriever. The query's words are turned into
 * lexemes with both text-search configurations documents are indexed with ('english' for English, 'simple'
 * for everything else), so each matches the documents built with its configuration; the words reach SQL only
 * as parameters. idf = ln(1 + (N − df + 0.5) / (df + 0.5)), N = chunks in the index (the '' row of
 * term_stats). Lexemes no chunk has are dropped. The idf is cast to float8 here, once: left numeric (bigint
 * arithmetic with 0.5 is numeric), every posting's idf × impact would convert it to float8 through text,
 * which was most of the query's time.
 */
export function queryLexemesSql(terms: string[]): Prisma.Sql {
  const text = terms.join(" ");
  return Prisma.sql`
    SELECT s.id AS term_id, s.df, ln(1 + (n.df - s.df + 0.5) / (s.df + 0.5))::float8 AS idf
    FROM (SELECT DISTINCT lexeme FROM (
            SELECT unnest(tsvector_to_array(to_tsvector('english', ${text}))) AS lexeme
            UNION ALL
            SELECT unnest(tsvector_to_array(to_tsvector('simple', ${text})))) words) w
    JOIN term_stats s ON s.lexeme = w.lexeme
    CROSS JOIN (SELECT df FROM term_stats WHERE lexeme = '') n
    WHERE w.lexeme <> ''`;
}

/**
 * The keyword retriever as common table expressions, to follow a WITH: `q` (the query's lexemes) and
 * `keyword` (`id`, `score`: the best `candidates` chunks the caller may read, best first), BM25 over the term
 * index (chunk_terms, see the term_index migrations) read as one of {@link KEYWORD_PASSES} says.
 */
export function keywordCtes(args: KeywordArgs, pass: (typeof KEYWORD_PASSES)[number]): Prisma.Sql {
  return Prisma.sql`q AS MATERIALIZED (${queryLexemesSql(args.terms)}),
      first_pass AS (
        SELECT p.version_seq, p.ordinal
        FROM q CROSS JOIN LATERAL (
          SELECT ct.version_seq, ct.ordinal, ct.impact FROM chunk_terms ct
          WHERE ct.term_id = q.term_id ORDER BY ct.impact DESC LIMIT ${pass.postings}) p
        GROUP BY p.version_seq, p.ordinal
        ORDER BY sum(q.idf * p.impact) DESC
        LIMIT ${pass.rescore}),
      keyword AS (
        SELECT c.id,
               (SELECT sum(q.idf * ct.impact) FROM q JOIN chunk_terms ct
                 ON ct.term_id = q.term_id AND ct.version_seq = f.version_seq AND ct.ordinal = f.ordinal) AS score
        FROM first_pass f
        -- One index probe per candidate for its version's id. (As a plain join the planner hashes the whole
        -- version table, which keeps every version ever imported: that grew with the knowledge base.)
        CROSS JOIN LATERAL (SELECT v.id FROM document_versions v WHERE v.seq = f.version_seq LIMIT 1) dv
        JOIN chunks c ON c.document_version_id = dv.id AND c.ordinal = f.ordinal AND c.embedding_model = ${args.model}
        JOIN documents d ON d.current_version_id = c.document_version_id
        WHERE c.embedding IS NOT NULL AND ${args.acl} AND ${args.filters}
        ORDER BY score DESC, c.id
        LIMIT ${args.candidates})`;
}

/**
 * Whether a keyword pass that returned `found` rows may have missed some: a term has more postings than the
 * pass read, or more chunks matched than it re-scored. `reach` is read from the rows, or (with no row at
 * all) from the statistics.
 */
export async function keywordCutOff(tx: Tx, args: KeywordArgs, pass: (typeof KEYWORD_PASSES)[number], rows: Reach[]): Promise<boolean> {
  const [row] =
    rows.length > 0
      ? rows
      : await tx.$queryRaw<Reach[]>`SELECT max(df) AS longest, sum(df) AS postings FROM (${queryLexemesSql(args.terms)}) q`;
  return Number(row?.longest ?? 0) > pass.postings || Number(row?.postings ?? 0) > pass.rescore;
}

/** One of {@link KEYWORD_PASSES} of the keyword retriever on its own. */
export function keywordPass(tx: Tx, args: KeywordArgs, pass: (typeof KEYWORD_PASSES)[number]): Promise<KeywordRow[]> {
  return tx.$queryRaw<KeywordRow[]>`
    WITH ${keywordCtes(args, pass)}
    SELECT ${CANDIDATE_COLUMNS}, v.score,
           (SELECT max(df) FROM q) AS longest, (SELECT sum(df) FROM q) AS postings
    FROM keyword v ${WITH_COLUMNS}
    ORDER BY v.score DESC, v.id`;
}

/**
 * The keyword retriever's wider passes: the first of {@link KEYWORD_PASSES} from the second on that finds the
 * wanted candidates, or the last one that could find more.
 */
export async function widerKeywordCandidates(tx: Tx, args: KeywordArgs): Promise<CandidateRow[]> {
  let rows: KeywordRow[] = [];
  for (const pass of KEYWORD_PASSES.slice(1)) {
    rows = await keywordPass(tx, args, pass);
    if (rows.length >= args.candidates || !(await keywordCutOff(tx, args, pass, rows))) break;
  }
  return rows;
}

/**
 * The keyword retriever's best `k` public chunks (of `model`) for `query`, best first: as its first pass finds
 * them, which is what a search gets whenever that pass finds enough, or `exhaustive`ly (every posting of every
 * query term: exact BM25). For measuring how close the first pass comes to exact BM25 (`lore bench retrieval`).
 */
export async function keywordTopIds(db: Tx, query: string, model: string, k: number, exhaustive: boolean): Promise<string[]> {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const args: KeywordArgs = { terms, model, candidates: k, acl: visibleChunkSql(null), filters: Prisma.sql`TRUE` };
  const rows = await keywordPass(db, args, exhaustive ? KEYWORD_PASSES[KEYWORD_PASSES.length - 1]! : KEYWORD_PASSES[0]);
  return rows.map((row) => row.id);
}
