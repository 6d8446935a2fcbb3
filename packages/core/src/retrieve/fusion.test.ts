import { describe, expect, it } from "vitest";
import { fuse, maximalMarginalRelevance, reciprocalRankFusion, relativeScoreFusion, RRF_K, type FusionList } from "./fusion";

const list = (weight: number, ...hits: [string, number][]): FusionList => ({ weight, hits: hits.map(([id, score]) => ({ id, score })) });

describe("reciprocal rank fusion", () => {
  it("sums weight / (k + rank) over the lists, best first", () => {
    const fused = reciprocalRankFusion([list(1, ["a", 0.9], ["b", 0.8]), list(0.5, ["b", 12], ["c", 3])]);
    expect(fused.map((f) => f.id)).toEqual(["b", "a", "c"]);
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 2) + 0.5 / (RRF_K + 1), 12);
    expect(fused[1]!.score).toBeCloseTo(1 / (RRF_K + 1), 12);
    expect(fused[2]!.score).toBeCloseTo(0.5 / (RRF_K + 2), 12);
  });

  it("ignores the scores: only ranks count", () => {
    const a = reciprocalRankFusion([list(1, ["x", 100], ["y", 1])]);
    const b = reciprocalRankFusion([list(1, ["x", 2], ["y", 1.99])]);
    expect(a).toEqual(b);
  });
});

describe("relative score fusion", () => {
  it("maps each list's scores to [0, 1] over its own candidates and sums them by weight", () => {
    const fused = relativeScoreFusion([list(0.4, ["a", 0.8], ["b", 0.6], ["c", 0.4]), list(0.6, ["c", 20], ["d", 10], ["a", 0])]);
    const score = Object.fromEntries(fused.map((f) => [f.id, f.score]));
    expect(score.a).toBeCloseTo(0.4 * 1 + 0.6 * 0, 12);
    expect(score.b).toBeCloseTo(0.4 * 0.5, 12);
    expect(score.c).toBeCloseTo(0.4 * 0 + 0.6 * 1, 12);
    expect(score.d).toBeCloseTo(0.6 * 0.5, 12);
    expect(fused.map((f) => f.id)).toEqual(["c", "a", "d", "b"]);
  });

  it("keeps a clear keyword winner first where rank fusion lets a middling candidate of both lists pass it", () => {
    // The keyword side is sure (40 against 5); the vector side barely tells its candidates apart.
    const lists = [
      list(0.35, ["both", 0.52], ["x", 0.515], ["y", 0.51], ["winner", 0.505]),
      list(0.65, ["winner", 40], ["z", 6], ["both", 5], ["w", 1]),
    ];
    expect(relativeScoreFusion(lists)[0]!.id).toBe("winner");
    expect(reciprocalRankFusion(lists.map((l) => ({ ...l, weight: 1 })))[0]!.id).toBe("both");
  });

  it("gives a list whose scores are all equal (or a single candidate) the full weight, not 0 or NaN", () => {
    const fused = relativeScoreFusion([list(0.3, ["a", 0.5], ["b", 0.5]), list(0.7, ["c", 7])]);
    expect(fused).toEqual([
      { id: "c", score: 0.7 },
      { id: "a", score: 0.3 },
      { id: "b", score: 0.3 },
    ]);
  });

  it("counts a score that is not a finite number as 0, without spoiling the others' scaling", () => {
    const fused = relativeScoreFusion([list(1, ["a", 4], ["bad", Number.NaN], ["b", 2], ["c", 0])]);
    expect(fused).toEqual([
      { id: "a", score: 1 },
      { id: "b", score: 0.5 },
      { id: "bad", score: 0 },
      { id: "c", score: 0 },
    ]);
  });

  it("keeps first-seen order for ties and returns nothing for no candidates", () => {
    expect(relativeScoreFusion([list(1, ["p", 1], ["q", 1]), list(1, ["r", 1])]).map((f) => f.id)).toEqual(["p", "q", "r"]);
    expect(relativeScoreFusion([list(0.5), list(0.5)])).toEqual([]);
  });
});

describe("fuse", () => {
  it("dispatches on the method and refuses a negative or missing weight", () => {
    const lists = [list(0.5, ["a", 1], ["b", 0]), list(0.5, ["b", 3], ["a", 2])];
    expect(fuse("rrf", lists)).toEqual(reciprocalRankFusion(lists));
    expect(fuse("relative_score", lists)).toEqual(relativeScoreFusion(lists));
    expect(() => fuse("relative_score", [list(-0.1, ["a", 1])])).toThrow(/weight must be a number >= 0/);
    expect(() => fuse("rrf", [list(Number.NaN, ["a", 1])])).toThrow(/weight must be a number >= 0/);
  });
});

describe("maximal marginal relevance", () => {
  it("picks by relevance alone at lambda 1 and skips a near-duplicate at a lower lambda", () => {
    const items = [
      { relevance: 1, vector: [1, 0] },
      { relevance: 0.95, vector: [0.999, 0.04] }, // almost the same as the first
      { relevance: 0.8, vector: [0, 1] },
    ];
    expect(maximalMarginalRelevance(items, 3, 1)).toEqual([0, 1, 2]);
    expect(maximalMarginalRelevance(items, 2, 0.7)).toEqual([0, 2]);
  });
});
