/**
 * Which examples go into a prompt, among the candidates the database returned (pure): pinned ones first, then
 * the rest in Maximal Marginal Relevance order (retrieve/fusion.ts), never two near-duplicates, at most `k` of
 * them and at most `maxTokens` tokens in all.
 */
import { cosineSimilarity } from "../embed/vector";
import { maximalMarginalRelevance } from "../retrieve/fusion";

export interface ExampleCandidate {
  id: string;
  pinned: boolean;
  /** Cosine similarity of its question to the asked one. */
  similarity: number;
  /** Its question's vector. */
  vector: ArrayLike<number>;
  /** What it costs in the prompt (question + answer). */
  tokens: number;
}

export interface PickOptions {
  /** At most this many examples (pinned ones included). */
  k: number;
  /** At most this many tokens in all (pinned ones included). */
  maxTokens: number;
  /** MMR's trade-off, 1 = similarity only, 0 = diversity only (default {@link DEFAULT_EXAMPLE_MMR_LAMBDA}). */
  mmrLambda?: number;
  /** Two examples whose questions are at least this similar are near-duplicates: only the first is kept (default {@link NEAR_DUPLICATE_SIMILARITY}). */
  duplicateSimilarity?: number;
}

export const DEFAULT_EXAMPLE_MMR_LAMBDA = 0.7;
export const NEAR_DUPLICATE_SIMILARITY = 0.95;

/**
 * Picks examples, in prompt order:
 *   1. pinned candidates, most similar first;
 *   2. the others in MMR order over their similarity (each a diverse alternative to those before it).
 * Walking that order, a candidate is skipped when it is a near-duplicate of one already picked (MMR alone only
 * lowers such a candidate, and a very similar pair can both win), or when it would overrun the token budget (a
 * smaller one after it may still fit); the walk ends at `k`. Pinned examples obey the same rules: pinning puts
 * an example first, it does not exempt it from the budget.
 */
export function pickExamples<T extends ExampleCandidate>(candidates: readonly T[], options: PickOptions): T[] {
  const lambda = options.mmrLambda ?? DEFAULT_EXAMPLE_MMR_LAMBDA;
  const duplicate = options.duplicateSimilarity ?? NEAR_DUPLICATE_SIMILARITY;
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`mmrLambda must be within [0, 1] (got ${lambda}).`);
  const bySimilarity = (a: T, b: T) => b.similarity - a.similarity;
  const pinned = candidates.filter((c) => c.pinned).sort(bySimilarity);
  const others = candidates.filter((c) => !c.pinned);
  const mmrOrder = maximalMarginalRelevance(
    others.map((c) => ({ relevance: Math.max(c.similarity, 0), vector: c.vector })),
    others.length,
    lambda,
  ).map((i) => others[i]!);

  const picked: T[] = [];
  let tokens = 0;
  for (const candidate of [...pinned, ...mmrOrder]) {
    if (picked.length >= options.k) break;
    if (tokens + candidate.tokens > options.maxTokens) continue;
    if (picked.some((p) => cosineSimilarity(p.vector, candidate.vector) >= duplicate)) continue;
    picked.push(candidate);
    tokens += candidate.tokens;
  }
  return picked;
}
