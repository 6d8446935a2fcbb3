/**
 * The rows both retrievers return, and the SQL pieces they share: the columns of a candidate (with its vector
 * in pgvector's binary format, read by `vectorFromBinary`), the filters, and the hybrid statement's `hits`.
 */
import { Prisma, type PrismaClient } from "@lore/db";
import type { SearchFilters } from "./types";

export interface CandidateRow {
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
export const CANDIDATE_COLUMNS = Prisma.sql`c.id, c.document_id, c.document_version_id, d.title, d.url, c.heading_path, c.text,
  vector_send(c.embedding) AS embedding`;
export const WITH_COLUMNS = Prisma.sql`JOIN chunks c ON c.id = v.id JOIN documents d ON d.id = c.document_id`;

export function filtersSql(filters: SearchFilters | undefined): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filters?.sources?.length) parts.push(Prisma.sql`d.source = ANY(${filters.sources}::text[])`);
  if (filters?.tags?.length) parts.push(Prisma.sql`d.tags && ${filters.tags}::text[]`);
  if (filters?.updatedAfter) parts.push(Prisma.sql`d.updated_at >= ${filters.updatedAfter}`);
  if (filters?.updatedBefore) parts.push(Prisma.sql`d.updated_at <= ${filters.updatedBefore}`);
  return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.sql`(${Prisma.join(parts, " AND ")})`;
}

/** How far the query's postings reach: the largest and the total document frequency of its lexemes. */
export interface Reach {
  longest: bigint | null;
  postings: bigint | null;
}

export type Tx = Pick<PrismaClient, "$queryRaw">;

/** Best score first, ties by id: the keyword statement's own order (`ORDER BY score DESC, id`). */
export function byScoreThenId(a: CandidateRow, b: CandidateRow): number {
  return Number(b.score) - Number(a.score) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A row of the hybrid statement: a candidate of either retriever or both, with each one's score. */
export interface HybridRow extends Omit<CandidateRow, "score">, Reach {
  vector_score: number | null;
  text_score: number | null;
}

/**
 * The candidates of both retrievers (CTEs `nearest` and `keyword`, each `id`, `score`), one row per chunk with
 * each retriever's score (`vector_score`, `text_score`; NULL where it did not find the chunk), as CTE `hits`.
 */
export const HITS_CTE = Prisma.sql`hits AS (
          SELECT id, max(vector_score) AS vector_score, max(text_score) AS text_score
          FROM (SELECT id, score AS vector_score, NULL::float8 AS text_score FROM nearest
                UNION ALL
                SELECT id, NULL::float8, score FROM keyword) found
          GROUP BY id)`;

/** Splits rows of `hits` (with their columns) into each retriever's candidates. */
export function splitHits(rows: Omit<HybridRow, keyof Reach>[]): { vectorRows: CandidateRow[]; textRows: CandidateRow[] } {
  const vectorRows: CandidateRow[] = [];
  const textRows: CandidateRow[] = [];
  for (const { vector_score, text_score, ...row } of rows) {
    if (vector_score !== null) vectorRows.push({ ...row, score: vector_score });
    if (text_score !== null) textRows.push({ ...row, score: text_score });
  }
  textRows.sort(byScoreThenId);
  return { vectorRows, textRows };
}
