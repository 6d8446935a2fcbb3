/**
 * Document-level retrieval metrics (pure functions, no database).
 *
 * A retriever returns chunks; a question is about documents. A ranking of chunks becomes a ranking of
 * DISTINCT documents by each document's best (first) chunk, and a question is a hit at k when one of its
 * gold documents is among the first k of those.
 */

/** Document ids in order of their first appearance in a chunk ranking (= ranked by their best chunk). */
export function distinctDocuments(chunkDocumentIds: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of chunkDocumentIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** 1-based rank of the first gold document in a distinct-document ranking, or null when none is present. */
export function firstHitRank(rankedDocuments: readonly string[], gold: readonly string[]): number | null {
  const wanted = new Set(gold);
  const index = rankedDocuments.findIndex((d) => wanted.has(d));
  return index === -1 ? null : index + 1;
}

export interface RetrievalMetrics {
  recall_at_1: number;
  recall_at_5: number;
  recall_at_10: number;
  mrr: number;
  questions: number;
}

/**
 * Aggregates first-hit ranks (one per question; null = no gold document retrieved) into recall@1/5/10 and
 * mean reciprocal rank. `cutoff` caps the ranks counted by MRR (MRR@k): a hit below the retrieved depth
 * cannot be seen anyway, but a retriever that returned more must not score higher for it.
 */
export function aggregateRanks(ranks: readonly (number | null)[], cutoff = Infinity): RetrievalMetrics {
  const n = ranks.length;
  const recallAt = (k: number) => (n === 0 ? 0 : ranks.filter((r) => r !== null && r <= k).length / n);
  const mrr = n === 0 ? 0 : ranks.reduce<number>((sum, r) => sum + (r !== null && r <= cutoff ? 1 / r : 0), 0) / n;
  return { recall_at_1: recallAt(1), recall_at_5: recallAt(5), recall_at_10: recallAt(10), mrr, questions: n };
}

/** Rounds every metric to 4 decimals for printing. */
export function roundMetrics<T extends RetrievalMetrics>(m: T): T {
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return { ...m, recall_at_1: r(m.recall_at_1), recall_at_5: r(m.recall_at_5), recall_at_10: r(m.recall_at_10), mrr: r(m.mrr) };
}

/** Percentile (nearest-rank) of a list of numbers; p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}
