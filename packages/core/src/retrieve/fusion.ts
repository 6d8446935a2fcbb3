/** Pure ranking helpers of hybrid search: score fusion (relative score or Reciprocal Rank) and Maximal Marginal Relevance. */
import { cosineSimilarity } from "../embed/vector";

/** How hybrid search merges its two candidate lists. See {@link fuse}. */
export type FusionMethod = "relative_score" | "rrf";

/** One retriever's candidates, best first, with its weight in the fusion. */
export interface FusionList {
  hits: readonly { id: string; score: number }[];
  weight: number;
}

/** The constant of Cormack et al. (2009): damps the head of each list so no single retriever dominates. */
export const RRF_K = 60;

/**
 * Reciprocal Rank Fusion: score(d) = Σ over lists of weight / (k + rank(d)), ranks 1-based. It needs no score
 * calibration between retrievers, only ranks — and so ignores how far ahead a list's best candidate is.
 * Returns ids sorted by fused score, descending; ties keep first-seen order.
 */
export function reciprocalRankFusion(lists: readonly FusionList[], k = RRF_K): { id: string; score: number }[] {
  return accumulate(lists, (list) => list.hits.map((hit, index) => list.weight / (k + index + 1)));
}

/**
 * Relative score fusion (a convex combination of min-max normalised scores): each list's scores are mapped
 * to [0, 1] over its own candidates (best → 1, worst → 0; a list whose scores are all equal → 1), and
 * score(d) = Σ over lists of weight × normalised score (0 in a list that did not find d).
 *
 * Unlike RRF it keeps the size of the gaps: a keyword match far ahead of the rest stays ahead, where RRF
 * would let a candidate ranked third by both lists pass it. Bruch et al., "An Analysis of Fusion Functions
 * for Hybrid Retrieval" (ACM TOIS, 2023), found such convex combinations better than RRF in and out of
 * domain; on Lore's evaluation sets it raises hybrid recall@1 by 3–10 points over RRF (docs/benchmarks.md).
 *
 * The worst candidate of a list scores 0 from it, as a chunk the list did not find: min-max scaling measures
 * each candidate against the others, not against an absolute bar. Scores that are not finite numbers count as
 * 0 and are left out of the scaling, so one bad value cannot flatten the list.
 */
export function relativeScoreFusion(lists: readonly FusionList[]): { id: string; score: number }[] {
  return accumulate(lists, (list) => {
    let low = Infinity;
    let high = -Infinity;
    for (const { score } of list.hits) {
      if (!Number.isFinite(score)) continue;
      low = Math.min(low, score);
      high = Math.max(high, score);
    }
    return list.hits.map(({ score }) => (Number.isFinite(score) ? list.weight * (high > low ? (score - low) / (high - low) : 1) : 0));
  });
}

/** Fuses the lists with `method`. */
export function fuse(method: FusionMethod, lists: readonly FusionList[]): { id: string; score: number }[] {
  return method === "rrf" ? reciprocalRankFusion(lists) : relativeScoreFusion(lists);
}

/** Sums each id's contributions over the lists; best first, ties in first-seen order (Array.sort is stable). */
function accumulate(lists: readonly FusionList[], contributions: (list: FusionList) => number[]): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    if (!(list.weight >= 0)) throw new RangeError(`A fusion weight must be a number >= 0 (got ${list.weight}).`);
    const add = contributions(list);
    list.hits.forEach(({ id }, index) => scores.set(id, (scores.get(id) ?? 0) + add[index]!));
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
  const best = items.reduce((max, i) => Math.max(max, i.relevance), 0); // (a spread overflows the stack past ~100,000)
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
