/**
 * The narrow path: a caller who may read only a small part of the knowledge base is scored over all of it
 * (exact distances, exact BM25), and remembered for a while so their next searches start there.
 */
import { Prisma } from "@lore/db";
import { readableChunksSql, type AccessPrincipal } from "../knowledge-base/access";
import { CANDIDATE_COLUMNS, HITS_CTE, WITH_COLUMNS, splitHits, type CandidateRow, type HybridRow, type Reach, type Tx } from "./candidates";
import { queryLexemesSql, type KeywordArgs } from "./keyword";
import type { SearchFilters } from "./types";

/**
 * A caller who may read at most this many chunks (through their groups and the filters) is searched over all of
 * them when a retriever's usual pass comes back short: exact vector distances and exact BM25, starting from the
 * documents they may read ({@link narrowCandidates}). Sized so that scoring that many chunks costs less than the
 * wider keyword passes it replaces (docs/benchmarks.md, "Callers who may read little").
 */
export const NARROW_MAX_CHUNKS = 2_000;

/**
 * The callers (with their filters) each client last found to read at most the narrow limit and at most a tenth
 * of the knowledge base, until {@link NARROW_SCOPE_TTL_MS} after their last search: their next searches score
 * what they may read straight away, instead of first walking the indexes through chunks they may not read
 * (many times slower for them: docs/benchmarks.md). Such searches are exact
 * where the usual path approximates; on a knowledge base small enough that a caller reads most of it, the usual
 * path is cheaper, hence the tenth. Only the order of the attempts comes from here, never what a caller may
 * read: the narrow statement counts that afresh and gives way to the usual path when it has grown. Per client,
 * because a process may hold clients of several databases (tests do).
 */
const narrowScopes = new WeakMap<object, Map<string, number>>();
const NARROW_SCOPE_TTL_MS = 10 * 60_000;
const NARROW_SCOPE_MAX_ENTRIES = 10_000;

export function narrowScopeKey(userId: AccessPrincipal, filters: SearchFilters | undefined, model: string): string {
  return JSON.stringify([
    userId,
    model,
    filters?.sources,
    filters?.tags,
    filters?.updatedAfter?.getTime(),
    filters?.updatedBefore?.getTime(),
  ]);
}

export function isNarrowScope(db: object, key: string): boolean {
  const until = narrowScopes.get(db)?.get(key);
  return until !== undefined && until > Date.now();
}

/** Whether a narrow statement's result makes its caller one to remember (see narrowScopes). */
export function worthRemembering(narrow: NarrowResult | null): boolean {
  return narrow !== null && narrow.share <= 0.1;
}

export function rememberScope(db: object, key: string, narrow: boolean): void {
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

export interface NarrowResult {
  vectorRows: CandidateRow[];
  textRows: CandidateRow[];
  /** The chunks the caller may read, as a share of the knowledge base's (the term index's count). */
  share: number;
}

export interface NarrowArgs {
  userId: AccessPrincipal;
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
export async function narrowCandidates(db: Tx, args: NarrowArgs): Promise<NarrowResult | null> {
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
