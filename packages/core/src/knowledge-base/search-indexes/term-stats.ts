/**
 * Statistics of the BM25 term index (tables `chunk_terms` and `term_stats`, migrations 20261124020000_term_index
 * and 20261124050000_term_index_integer_keys).
 *
 * Nothing has to keep them up to date by hand: ingestion writes a version's postings with its chunks and adds
 * them to `term_stats` in the same statement, the swap removes the previous version's, deleting a version
 * deletes its postings (a trigger), and a trigger on `chunk_terms` takes removed postings out of `term_stats`.
 * Postings are keyed by (version, ordinal), not by chunk row, so they do
 * not depend on the embedding model either: a re-embedding job (knowledge-base/embedding-models/reembed.ts) adds chunk rows for another
 * model and switches models without touching the term index — there is nothing to rebuild after a switch.
 */
import type { PrismaClient } from "@lore/db";

export interface TermIndexStats {
  /** Chunks in the index (one per (version, ordinal) of current versions, plus any version being indexed). */
  chunks: number;
  /** Their average length in tokens: the `avg_length` of BM25's length normalisation. */
  averageLength: number;
  /** Distinct lexemes. */
  lexemes: number;
}

/** The corpus-level figures BM25 uses, read from `term_stats` (the empty lexeme holds the chunk count and total length). */
export async function termIndexStats(db: Pick<PrismaClient, "$queryRaw">): Promise<TermIndexStats> {
  const [row] = await db.$queryRaw<{ chunks: bigint | null; total: number | null; lexemes: bigint }[]>`
    SELECT (SELECT df FROM term_stats WHERE lexeme = '') AS chunks,
           (SELECT impact_sum FROM term_stats WHERE lexeme = '') AS total,
           (SELECT count(*) FROM term_stats WHERE lexeme <> '') AS lexemes`;
  const chunks = Number(row?.chunks ?? 0);
  return { chunks, averageLength: chunks > 0 ? Number(row?.total ?? 0) / chunks : 0, lexemes: Number(row?.lexemes ?? 0) };
}
