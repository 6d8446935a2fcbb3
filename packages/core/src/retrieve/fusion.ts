/** Pure ranking helpers of hybrid search: Reciprocal Rank Fusion and Maximal Marginal Relevance. */
import { cosineSimilarity } from "../embed/vector";

/** The constant of Cormack et al. (2009): damps the head of each list so no single retriever dominates. */
export const RRF_K = 60;

/**
 * Reciprocal Rank Fusion: score(d) = Σ over lists of 1 / (k + rank(d)), ranks 1-based. It needs no score
 * calibration between retrievers (cosine similarities and ts_rank values are not comparable), only ranks.
 * Returns ids sorted by fused score, descending; ties keep first-seen order.
 */
export function reciprocalRankFusion(lists: readonly (readonly string[])[], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/**
 * Maximal Marginal Relevance (Carbonell & Goldstein, 1998): greedily picks the item maximising
 * λ·relevance − (1−λ)·max similarity to what is already picked, so five near-identical chunks of one page do
 * not crowd out the second page that answers the other half of a question.
 *
 * `relevance` is normalised here to [0, 1] (divided by the best), so λ has the same meaning whatever scale
 * the fused scores have. Returns the indices of `items` in picked order, at most `limit` of them.
 */
export function maximalMarginalRelevance(
  items: readonly { relevance: number; vector: ArrayLike<number> }[],
  limit: number,
  lambda: number,
): number[] {
  const best = Math.max(0, ...items.map((i) => i.relevance));
  const relevance = items.map((i) => (best > 0 ? i.relevance / best : 0));
  const picked: number[] = [];
  // maxSim[i] = highest similarity of item i to anything picked so far (updated incrementally: O(n·limit)).
  const maxSim = items.map(() => -Infinity);
  const left = new Set(items.map((_, i) => i));
  while (picked.length < limit && left.size > 0) {
    let choice = -1;
    let choiceScore = -Infinity;
    for (const i of left) {
      const penalty = picked.length === 0 ? 0 : maxSim[i]!;
      const score = lambda * relevance[i]! - (1 - lambda) * penalty;
      if (score > choiceScore) {
        choice = i;
        choiceScore = score;
      }
    }
    picked.push(choice);
    left.delete(choice);
    for (const i of left) maxSim[i] = Math.max(maxSim[i]!, cosineSimilarity(items[i]!.vector, items[choice]!.vector));
  }
  return picked;
}
