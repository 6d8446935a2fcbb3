/**
 * Hybrid retrieval: vector (pgvector IVFFlat, cosine: see vector-index.ts) and keyword (BM25 over the term index) candidates, fused
 * (relative score fusion by default, or Reciprocal Rank Fusion: see fusion.ts and LORE_SEARCH_FUSION),
 * diversified with MMR, then an optional reranker.
 *
 * Why Prisma (`$queryRaw` tagged templates) and not a separate pg Pool: it is the one client the apps already
 * hold, its tagged templates bind every value as a parameter, and the query vector still goes in through the
 * `pgvector` package (`toSql`). A second pool would double the connections to the single-session embedded
 * server for no gain. The candidates' vectors come back in pgvector's binary format (`vector_send`, read by
 * {@link vectorFromBinary}), which is much cheaper to produce and to read than text.
 *
 * Every query that returns chunks includes {@link visibleChunkSql}, or takes its chunks from
 * {@link readableChunksSql} (the same rule): access control lives in SQL, so nothing a user may not read ever
 * leaves the database for them.
 */
import pgvector from "pgvector";
import { Prisma, type PrismaClient } from "@lore/db";
import { STOP_WORDS } from "../embed/stopwords";
import type { Embedder } from "../embed/types";
import { vectorFromBinary } from "../embed/vector";
import { CURRENT_CHUNKS, readableChunksSql, visibleChunkSql } from "./access";
import { searchFusion } from "../env";
import { fuse, maximalMarginalRelevance, type FusionMethod } from "./fusion";
import { checkDimensions, withVectorScanSettings } from "./vector-index";

export type SearchMode = "hybrid" | "vector" | "fulltext";

export interface SearchFilters {
  /** Only documents from these sources. */
  sources?: string[];
  /** Only documents carrying at least one of these tags. */
  tags?: string[];
  /** Only documents last changed at or after this instant. */
  updatedAfter?: Date;
  /** Only documents last changed at or before this instant. */
  updatedBefore?: Date;
}

export interface SearchResult {
  chunkId: string;
  documentId: string;
  /** The version the chunk belongs to: cite this, so the citation keeps resolving after a re-import. */
  versionId: string;
  title: string;
  url: string | null;
  headingPath: string[];
  text: string;
  scores: {
    /** Cosine similarity to the query, when the vector retriever found it. */
    vector?: number;
    /** BM25 score of the keyword retriever (sum over the query's terms of idf × term weight; unbounded). */
    fulltext?: number;
    /**
     * The score results are ranked by (before diversification): with relative score fusion (and always when only
     * one retriever found candidates) Σ weight × the retriever's score scaled to [0, 1]; with RRF, Σ weight / (60 + rank).
     */
    fused: number;
  };
  /** 1-based position in the returned list. */
  rank: number;
}

export type Reranker = (query: string, results: SearchResult[]) => Promise<SearchResult[]>;

export interface SearchParams {
  query: string;
  /** The caller; null = anonymous (public documents only). */
  userId: string | null;
  /** Results to return (default 8). */
  k?: number;
  mode?: SearchMode;
  filters?: SearchFilters;
  /** Candidates fetched per retriever before fusion (default 40). */
  candidates?: number;
  /** MMR trade-off: 1 = pure relevance, 0 = pure diversity (default 0.7). */
  mmrLambda?: number;
  /** How the two retrievers' candidates are merged (default LORE_SEARCH_FUSION: relative_score). */
  fusion?: FusionMethod;
  /** The vector retriever's weight in the fusion, 0–1; the keyword retriever gets 1 − it (default: see `searchFusion`). */
  vectorWeight?: number;
  /** Reorders the diversified results (e.g. a cross-encoder). It sees up to 3·k of them; the top k are kept. */
  rerank?: Reranker;
  /**
   * A caller who may read at most this many chunks (groups and filters) is searched over all of them when a
   * retriever's usual pass comes back short (default {@link NARROW_MAX_CHUNKS}; 0: never, always read wider).
   */
  narrowMaxChunks?: number;
}

export interface SearchDeps {
  embedder: Embedder;
}

export const DEFAULT_K = 8;
export const DEFAULT_CANDIDATES = 40;
/**
 * Most results, and candidates per retriever, one search returns or considers: MMR's cost grows with their
 * product (1,000 × 1,000 is ~0.5 s), and the evaluation asks for at most 5 × 200.
 */
export const MAX_K = 1_000;
export const DEFAULT_MMR_LAMBDA = 0.7;

/**
 * The keyword retriever reads the best `postings` postings of each query term from the impact-ordered term
 * index, sums idf × impact per chunk, and re-scores the best `rescore` chunks exactly over every query term.
 * That is exact BM25 whenever no term has more postings than that (every corpus of a few thousand chunks) and
 * a close approximation beyond, at a cost that does not grow with the corpus. If the access check or the
 * filters then leave fewer than the wanted candidates, it widens the read and tries again.
 */
const KEYWORD_PASSES = [
  { postings: 500, rescore: 100 },
  { postings: 4_000, rescore: 800 },
  { postings: 1_000_000_000, rescore: 1_000_000_000 },
] as const;

/**
 * A caller who may read at most this many chunks (through their groups and the filters) is searched over all of
 * them when a retriever's usual pass comes back short: exact vector distances and exact BM25, starting from the
 * documents they may read ({@link narrowCandidates}). That costs 12–20 µs per chunk on the embedded server, so
 * 2,000 chunks stay under the wider keyword passes it replaces (60–220 ms at 100,000 chunks; docs/retrieval.md).
 */
export const NARROW_MAX_CHUNKS = 2_000;

/**
 * The callers (with their filters) each client last found to read at most the narrow limit and at most a tenth
 * of the knowledge base, until {@link NARROW_SCOPE_TTL_MS} after their last search: their next searches score
 * what they may read straight away, instead of first walking the indexes through chunks they may not read (232
 * ms against 14 ms at 100,000 chunks for a reader of 2 documents; docs/retrieval.md). Such searches are exact
 * where the usual path approximates; on a knowledge base small enough that a caller reads most of it, the usual
 * path is cheaper, hence the tenth. Only the order of the attempts comes from here, never what a caller may
 * read: the narrow statement counts that afresh and gives way to the usual path when it has grown. Per client,
 * because a process may hold clients of several databases (tests do).
 */
const narrowScopes = new WeakMap<object, Map<string, number>>();
const NARROW_SCOPE_TTL_MS = 10 * 60_000;
const NARROW_SCOPE_MAX_ENTRIES = 10_000;

function narrowScopeKey(userId: string | null, filters: SearchFilters | undefined, model: string): string {
  return JSON.stringify([userId, model, filters?.sources, filters?.tags, filters?.updatedAfter?.getTime(), filters?.updatedBefore?.getTime()]);
}

function isNarrowScope(db: object, key: string): boolean {
  const until = narrowScopes.get(db)?.get(key);
  return until !== undefined && until > Date.now();
}

/** Whether a narrow statement's result makes its caller one to remember (see narrowScopes). */
function worthRemembering(narrow: NarrowResult | null): boolean {
  return narrow !== null && narrow.share <= 0.1;
}

function rememberScope(db: object, key: string, narrow: boolean): void {
  let scopes = narrowScopes.get(db);
  if (!scopes) narrowScopes.set(db, (scopes = new Map()));
  scopes.delete(key); // re-inserted last: the map's order is the order of use, oldest first
  if (!narrow) return;
  scopes.set(key, Date.now() + NARROW_SCOPE_TTL_MS);
  for (const oldest of scopes.keys()) {
    if (scopes.size <= NARROW_SCOPE_MAX_ENTRIES) break;
    scopes.delete(oldest);
  }
}

interface CandidateRow {
  id: string;
  document_id: string;
  document_version_id: string;
  title: string;
  url: string | null;
  heading_path: string[];
  text: string;
  /** pgvector's binary format. */
  embedding: Uint8Array;
  score: number;
}

/**
 * The columns every candidate query returns (`c` = chunks, `d` = documents), added by {@link WITH_COLUMNS} to
 * the ids a retriever found.
 */
const CANDIDATE_COLUMNS = Prisma.sql`c.id, c.document_id, c.document_version_id, d.title, d.url, c.heading_path, c.text,
  vector_send(c.embedding) AS embedding`;
const WITH_COLUMNS = Prisma.sql`JOIN chunks c ON c.id = v.id JOIN documents d ON d.id = c.document_id`;

function filtersSql(filters: SearchFilters | undefined): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filters?.sources?.length) parts.push(Prisma.sql`d.source = ANY(${filters.sources}::text[])`);
  if (filters?.tags?.length) parts.push(Prisma.sql`d.tags && ${filters.tags}::text[]`);
  if (filters?.updatedAfter) parts.push(Prisma.sql`d.updated_at >= ${filters.updatedAfter}`);
  if (filters?.updatedBefore) parts.push(Prisma.sql`d.updated_at <= ${filters.updatedBefore}`);
  return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.sql`(${Prisma.join(parts, " AND ")})`;
}

/**
 * The query's content words, for the keyword retriever. Function words are dropped (the `simple`
 * configuration keeps them, and "how"/"the" would only add postings to read for almost no weight), unless
 * nothing else is left. Quotes, brackets and a leading "-" or "!" are removed: this is a retrieval query,
 * not a search syntax.
 */
export function queryTerms(query: string): string[] {
  const words = query
    .normalize("NFKC")
    .toLowerCase()
    .split(/[\s"'()]+/u)
    // Trailing punctuation only from the start of its run (the lookbehind): else each character of a long run
    // that does not end the word starts an attempt that reads the rest of it (quadratic: seconds for 80,000 commas).
    .map((w) => w.replace(/^[-!]+/u, "").replace(/(?<![^\p{L}\p{N}])[^\p{L}\p{N}]+$/u, ""))
    .filter((w) => w !== "" && /[\p{L}\p{N}]/u.test(w));
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return [...new Set(content.length > 0 ? content : words)];
}

/** How far the query's postings reach: the largest and the total document frequency of its lexemes. */
interface Reach {
  longest: bigint | null;
  postings: bigint | null;
}

type Tx = Pick<PrismaClient, "$queryRaw">;

type KeywordRow = CandidateRow & Reach;

interface KeywordArgs {
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
function queryLexemesSql(terms: string[]): Prisma.Sql {
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
function keywordCtes(args: KeywordArgs, pass: (typeof KEYWORD_PASSES)[number]): Prisma.Sql {
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
async function keywordCutOff(tx: Tx, args: KeywordArgs, pass: (typeof KEYWORD_PASSES)[number], rows: Reach[]): Promise<boolean> {
  const [row] = rows.length > 0 ? rows : await tx.$queryRaw<Reach[]>`SELECT max(df) AS longest, sum(df) AS postings FROM (${queryLexemesSql(args.terms)}) q`;
  return Number(row?.longest ?? 0) > pass.postings || Number(row?.postings ?? 0) > pass.rescore;
}

/** One of {@link KEYWORD_PASSES} of the keyword retriever on its own. */
function keywordPass(tx: Tx, args: KeywordArgs, pass: (typeof KEYWORD_PASSES)[number]): Promise<KeywordRow[]> {
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
async function widerKeywordCandidates(tx: Tx, args: KeywordArgs): Promise<CandidateRow[]> {
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

/** Best score first, ties by id: the keyword statement's own order (`ORDER BY score DESC, id`). */
function byScoreThenId(a: CandidateRow, b: CandidateRow): number {
  return Number(b.score) - Number(a.score) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A row of the hybrid statement: a candidate of either retriever or both, with each one's score. */
interface HybridRow extends Omit<CandidateRow, "score">, Reach {
  vector_score: number | null;
  text_score: number | null;
}

/**
 * The candidates of both retrievers (CTEs `nearest` and `keyword`, each `id`, `score`), one row per chunk with
 * each retriever's score (`vector_score`, `text_score`; NULL where it did not find the chunk), as CTE `hits`.
 */
const HITS_CTE = Prisma.sql`hits AS (
          SELECT id, max(vector_score) AS vector_score, max(text_score) AS text_score
          FROM (SELECT id, score AS vector_score, NULL::float8 AS text_score FROM nearest
                UNION ALL
                SELECT id, NULL::float8, score FROM keyword) found
          GROUP BY id)`;

/** Splits rows of `hits` (with their columns) into each retriever's candidates. */
function splitHits(rows: Omit<HybridRow, keyof Reach>[]): { vectorRows: CandidateRow[]; textRows: CandidateRow[] } {
  const vectorRows: CandidateRow[] = [];
  const textRows: CandidateRow[] = [];
  for (const { vector_score, text_score, ...row } of rows) {
    if (vector_score !== null) vectorRows.push({ ...row, score: vector_score });
    if (text_score !== null) textRows.push({ ...row, score: text_score });
  }
  textRows.sort(byScoreThenId);
  return { vectorRows, textRows };
}

interface NarrowResult {
  vectorRows: CandidateRow[];
  textRows: CandidateRow[];
  /** The chunks the caller may read, as a share of the knowledge base's (the term index's count). */
  share: number;
}

interface NarrowArgs {
  userId: string | null;
  filters: Prisma.Sql;
  /** The conditions on `c` of a chunk either retriever may return (the active model's, with its vector). */
  chunks: Prisma.Sql;
  /** The query vector's cosine distance to `c.embedding`, when the vector retriever is wanted. */
  distance: Prisma.Sql | null;
  /** The keyword retriever's arguments, when it is wanted. */
  keyword: KeywordArgs | null;
  candidates: number;
  maxChunks: number;
}

/**
 * The wanted retrievers over every chunk the caller may read, when that is at most `maxChunks` chunks
 * ({@link NARROW_MAX_CHUNKS} by default): exact cosine distances and exact BM25 (each chunk's postings for the
 * query's terms, one index probe per term), starting from the documents they may read ({@link readableChunksSql}).
 * For callers whose groups or filters leave them a small part of a large knowledge base, where the vector
 * index's scan and the keyword passes, which walk the whole knowledge base best first, find too few chunks they
 * may read. Returns null when they may read more chunks than that (the statement stops counting there and
 * scores nothing); `share` tells how much of the knowledge base they may read.
 */
async function narrowCandidates(db: Tx, args: NarrowArgs): Promise<NarrowResult | null> {
  const { keyword, distance, candidates, maxChunks } = args;
  const small = Prisma.sql`(SELECT readable FROM n) <= ${maxChunks}`;
  const rows = await db.$queryRaw<(Omit<HybridRow, keyof Reach> & { readable: bigint; total: bigint | null })[]>`
    WITH readable AS MATERIALIZED (
      SELECT c.id, c.ordinal, ${keyword ? Prisma.sql`dv.seq` : Prisma.sql`NULL::int`} AS seq,
             ${distance ?? Prisma.sql`NULL::float8`} AS distance
      FROM ${readableChunksSql(args.userId, args.filters, args.chunks)}
      ${keyword ? Prisma.sql`CROSS JOIN LATERAL (SELECT v.seq FROM document_versions v WHERE v.id = d.current_version_id LIMIT 1) dv` : Prisma.empty}
      LIMIT ${maxChunks + 1}),
    n AS (SELECT count(*) AS readable, (SELECT df FROM term_stats WHERE lexeme = '') AS total FROM readable),
    nearest AS (
      SELECT id, 1 - distance AS score FROM readable
      WHERE ${small} AND distance IS NOT NULL
      ORDER BY distance, id
      LIMIT ${candidates}),
    ${
      keyword
        ? Prisma.sql`q AS MATERIALIZED (${queryLexemesSql(keyword.terms)}),
    keyword AS (
      SELECT r.id, s.score
      FROM readable r
      CROSS JOIN LATERAL (SELECT sum(q.idf * ct.impact) AS score FROM q JOIN chunk_terms ct
        ON ct.term_id = q.term_id AND ct.version_seq = r.seq AND ct.ordinal = r.ordinal) s
      WHERE ${small} AND s.score IS NOT NULL
      ORDER BY s.score DESC, r.id
      LIMIT ${candidates}),`
        : Prisma.sql`keyword AS (SELECT NULL::text AS id, NULL::float8 AS score WHERE FALSE),`
    }
    ${HITS_CTE}
    SELECT n.readable, n.total, found.*
    FROM n LEFT JOIN (SELECT ${CANDIDATE_COLUMNS}, v.vector_score, v.text_score FROM hits v ${WITH_COLUMNS}) found ON TRUE`;
  const readable = Number(rows[0]?.readable ?? 0);
  if (readable > maxChunks) return null;
  return { ...splitHits(rows.filter((row) => row.id !== null)), share: readable / Math.max(1, Number(rows[0]?.total ?? 0)) };
}

/**
 * Searches the chunks `userId` may read. See the file comment for the pipeline. The query is embedded
 * before anything reaches the database.
 */
export async function search(db: PrismaClient, params: SearchParams, deps: SearchDeps): Promise<SearchResult[]> {
  const { embedder } = deps;
  const k = Math.max(1, Math.floor(params.k ?? DEFAULT_K));
  if (!(k <= MAX_K) || (params.candidates !== undefined && !(params.candidates <= MAX_K))) {
    throw new RangeError(`k and candidates must be at most ${MAX_K} (got ${params.k ?? DEFAULT_K} and ${params.candidates ?? DEFAULT_CANDIDATES}).`);
  }
  const mode = params.mode ?? "hybrid";
  const candidates = Math.max(k, Math.floor(params.candidates ?? DEFAULT_CANDIDATES));
  const lambda = params.mmrLambda ?? DEFAULT_MMR_LAMBDA;
  const { method: fusion, vectorWeight: defaultWeight } = searchFusion(embedder.id, params.fusion);
  const vectorWeight = params.vectorWeight ?? defaultWeight;
  if (!(vectorWeight >= 0 && vectorWeight <= 1)) throw new RangeError(`vectorWeight must be between 0 and 1 (got ${vectorWeight}).`);
  // NUL cannot reach PostgreSQL text (the statement would be refused): it separates words like a space.
  const query = params.query.replaceAll("\u0000", " ").trim();
  if (query === "") return [];

  const useVector = mode !== "fulltext";
  const terms = mode === "vector" ? [] : queryTerms(query);
  const useFulltext = terms.length > 0;

  const queryVector = useVector ? await embedder.embedQuery(query) : null;
  // A query with nothing to embed gives the zero vector, whose cosine distance is NaN: skip the retriever.
  const vectorUsable = queryVector !== null && queryVector.some((x) => x !== 0);

  const acl = visibleChunkSql(params.userId);
  const filters = filtersSql(params.filters);
  const dims = Prisma.raw(String(checkDimensions(embedder.dimensions)));

  // The vector retriever's ids and scores. The WHERE on embedding_dims and the ORDER BY cast repeat the partial
  // vector index's definition exactly, which is what lets the planner use it (see vector-index.ts). The
  // columns (the vector above all) are computed for the winners only, not for every row a small table's
  // exact scan sorts.
  const distance = Prisma.sql`c.embedding::vector(${dims}) <=> ${pgvector.toSql(queryVector)}::vector(${dims})`;
  const chunkConditions = Prisma.sql`c.embedding_dims = ${dims} AND c.embedding_model = ${embedder.id} AND c.embedding IS NOT NULL`;
  const vectorIds = Prisma.sql`
    SELECT c.id, 1 - (${distance}) AS score
    FROM ${CURRENT_CHUNKS}
    WHERE ${chunkConditions} AND ${acl} AND ${filters}
    ORDER BY ${distance}
    LIMIT ${candidates}`;
  const keywordArgs: KeywordArgs = { terms, model: embedder.id, candidates, acl, filters };

  const maxChunks = Math.max(0, Math.floor(params.narrowMaxChunks ?? NARROW_MAX_CHUNKS));
  if (!Number.isFinite(maxChunks)) throw new RangeError(`narrowMaxChunks must be a finite number (got ${params.narrowMaxChunks}).`);
  const narrowArgs = (vector: boolean, keyword: boolean): NarrowArgs => ({
    userId: params.userId,
    filters,
    chunks: chunkConditions,
    distance: vector ? distance : null,
    keyword: keyword ? keywordArgs : null,
    candidates,
    maxChunks,
  });
  const scope = narrowScopeKey(params.userId, params.filters, embedder.id);

  let vectorRows: CandidateRow[] = [];
  let textRows: CandidateRow[] = [];
  // A caller found to read few chunks a moment ago: score them all straight away (see narrowScopes).
  const narrowFirst = maxChunks > 0 && isNarrowScope(db, scope) ? await narrowCandidates(db, narrowArgs(vectorUsable, useFulltext)) : undefined;
  if (narrowFirst !== undefined) rememberScope(db, scope, worthRemembering(narrowFirst));
  if (narrowFirst) {
    ({ vectorRows, textRows } = narrowFirst);
  } else {
    // Whether the keyword retriever's first pass may have missed candidates (it read too few postings).
    let keywordShort = false;
    if (vectorUsable && useFulltext) {
      // Both retrievers in one statement: one round trip and one planning pass instead of two, and the
      // candidates both found are fetched once.
      const rows = await withVectorScanSettings(
        db,
        embedder.dimensions,
        (q) => q.$queryRaw<HybridRow[]>`
          WITH ${keywordCtes(keywordArgs, KEYWORD_PASSES[0])},
          nearest AS (${vectorIds}),
          ${HITS_CTE}
          SELECT ${CANDIDATE_COLUMNS}, v.vector_score, v.text_score,
                 (SELECT max(df) FROM q) AS longest, (SELECT sum(df) FROM q) AS postings
          FROM hits v ${WITH_COLUMNS}`,
      );
      ({ vectorRows, textRows } = splitHits(rows));
      keywordShort = textRows.length < candidates && (await keywordCutOff(db, keywordArgs, KEYWORD_PASSES[0], rows));
    } else if (vectorUsable) {
      vectorRows = await withVectorScanSettings(
        db,
        embedder.dimensions,
        (q) => q.$queryRaw<CandidateRow[]>`SELECT ${CANDIDATE_COLUMNS}, v.score FROM (${vectorIds}) v ${WITH_COLUMNS}`,
      );
    } else if (useFulltext) {
      const rows = await keywordPass(db, keywordArgs, KEYWORD_PASSES[0]);
      textRows = rows;
      keywordShort = rows.length < candidates && (await keywordCutOff(db, keywordArgs, KEYWORD_PASSES[0], rows));
    }

    // A retriever came back short. The vector index's scan stops after `ivfflat.max_probes` lists, and the
    // keyword pass read only the best postings of each term: for a caller who may read a small part of a large
    // knowledge base (their groups, or narrow filters), both can find too few chunks they may read while more
    // exist. (The vector list is also short whenever the caller may read fewer chunks than the candidates.)
    // When the caller may read few chunks, score them all; otherwise read wider: the keyword passes that follow,
    // and an exact vector scan over what they may read, starting from the documents.
    const vectorShort = vectorUsable && vectorRows.length < candidates;
    if (vectorShort || keywordShort) {
      // (Not again when the narrow statement has just given way.)
      const tryNarrow = maxChunks > 0 && narrowFirst === undefined;
      const narrow = tryNarrow ? await narrowCandidates(db, narrowArgs(vectorShort, keywordShort)) : null;
      if (tryNarrow) rememberScope(db, scope, worthRemembering(narrow));
      if (vectorShort) {
        vectorRows =
          narrow?.vectorRows ??
          (await db.$queryRaw<CandidateRow[]>`
            SELECT ${CANDIDATE_COLUMNS}, v.score
            FROM (SELECT c.id, 1 - (${distance}) AS score
                  FROM ${readableChunksSql(params.userId, filters, chunkConditions)}
                  ORDER BY ${distance}, c.id
                  LIMIT ${candidates}) v ${WITH_COLUMNS}`);
      }
      if (keywordShort) textRows = narrow?.textRows ?? (await widerKeywordCandidates(db, keywordArgs));
    }
  }

  // ── Fusion ──
  // The iterative IVFFlat scan returns rows in roughly, not strictly, increasing distance (and the hybrid
  // statement in no particular order): sort, ties by id as the keyword list, so equal scores rank the same way
  // every time.
  vectorRows.sort(byScoreThenId);
  const byId = new Map<string, CandidateRow>();
  for (const row of [...vectorRows, ...textRows]) byId.set(row.id, row);
  const vectorScore = new Map(vectorRows.map((r) => [r.id, Number(r.score)]));
  const textScore = new Map(textRows.map((r) => [r.id, Number(r.score)]));
  // Fusion and weights only apply to two lists. A list on its own (one mode, or one retriever found nothing)
  // keeps its order and its full weight, and is scaled to [0, 1] whatever the method: MMR's trade-off must not
  // change with a setting that is about merging (RRF's 1/(60 + rank) squeezes the list's relevance into
  // [0.6, 1], which made MMR diversify a lone list harder), and a weight of 0 must not zero every score.
  const both = vectorRows.length > 0 && textRows.length > 0;
  const fused = fuse(both ? fusion : "relative_score", [
    { hits: vectorRows.map((r) => ({ id: r.id, score: Number(r.score) })), weight: both ? vectorWeight : 1 },
    { hits: textRows.map((r) => ({ id: r.id, score: Number(r.score) })), weight: both ? 1 - vectorWeight : 1 },
  ]);
  if (fused.length === 0) return [];

  // ── Diversification ──
  const pool = fused.map((f) => ({ ...f, row: byId.get(f.id)!, vector: vectorFromBinary(byId.get(f.id)!.embedding) }));
  const wanted = params.rerank ? Math.min(pool.length, 3 * k) : k;
  const order = maximalMarginalRelevance(
    pool.map((p) => ({ relevance: p.score, vector: p.vector })),
    wanted,
    lambda,
  );

  let results: SearchResult[] = order.map((index, position) => {
    const { row, id, score } = pool[index]!;
    const scores: SearchResult["scores"] = { fused: score };
    if (vectorScore.has(id)) scores.vector = vectorScore.get(id)!;
    if (textScore.has(id)) scores.fulltext = textScore.get(id)!;
    return {
      chunkId: id,
      documentId: row.document_id,
      versionId: row.document_version_id,
      title: row.title,
      url: row.url,
      headingPath: row.heading_path,
      text: row.text,
      scores,
      rank: position + 1,
    };
  });

  // ── Optional reranker ──
  if (params.rerank) {
    // Keep only what we handed over: a buggy or hostile reranker must not be able to add chunks that did not
    // pass the access check.
    const allowed = new Map(results.map((r) => [r.chunkId, r]));
    const reranked = await params.rerank(query, results.map((r) => ({ ...r, scores: { ...r.scores }, headingPath: [...r.headingPath] })));
    const seen = new Set<string>();
    results = reranked.flatMap((r) => {
      const original = allowed.get(r.chunkId);
      if (!original || seen.has(r.chunkId)) return [];
      seen.add(r.chunkId);
      return [original];
    });
  }

  return results.slice(0, k).map((r, i) => ({ ...r, rank: i + 1 }));
}
