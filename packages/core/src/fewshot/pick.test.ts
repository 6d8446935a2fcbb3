import { describe, expect, it } from "vitest";
import { pickExamples, type ExampleCandidate } from "./pick";

/** A unit vector at `degrees` in the plane: cosine similarity of two = cos(difference). */
const at = (degrees: number) => [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];

const candidate = (id: string, similarity: number, degrees: number, extra: Partial<ExampleCandidate> = {}): ExampleCandidate => ({
  id,
  pinned: false,
  similarity,
  vector: at(degrees),
  tokens: 10,
  ...extra,
});

const ids = (picked: ExampleCandidate[]) => picked.map((p) => p.id);
const roomy = { k: 10, maxTokens: 1_000 };

describe("pickExamples", () => {
  it("puts pinned examples first, however dissimilar, most similar pinned first", () => {
    const picked = pickExamples(
      [
        candidate("a", 0.9, 0),
        candidate("p1", 0.1, 90, { pinned: true }),
        candidate("b", 0.8, 45),
        candidate("p2", 0.3, 180, { pinned: true }),
      ],
      roomy,
    );
    expect(ids(picked)).toEqual(["p2", "p1", "a", "b"]);
  });

  it("stops at k, pinned examples included", () => {
    const picked = pickExamples([candidate("p", 0.1, 90, { pinned: true }), candidate("a", 0.9, 0), candidate("b", 0.8, 45)], {
      k: 2,
      maxTokens: 1_000,
    });
    expect(ids(picked)).toEqual(["p", "a"]);
  });

  it("keeps within the token budget, skipping an example too large for what is left", () => {
    const picked = pickExamples(
      [candidate("a", 0.9, 0, { tokens: 60 }), candidate("big", 0.85, 40, { tokens: 50 }), candidate("small", 0.8, 80, { tokens: 30 })],
      { k: 5, maxTokens: 100 },
    );
    expect(ids(picked)).toEqual(["a", "small"]);
    expect(picked.reduce((sum, p) => sum + p.tokens, 0)).toBeLessThanOrEqual(100);
  });

  it("applies the budget to pinned examples too", () => {
    const picked = pickExamples([candidate("p", 0.5, 0, { pinned: true, tokens: 500 }), candidate("a", 0.9, 60)], {
      k: 5,
      maxTokens: 100,
    });
    expect(ids(picked)).toEqual(["a"]);
  });

  it("never picks two near-duplicates, even when similarity alone would (lambda 1)", () => {
    const picked = pickExamples([candidate("a", 0.9, 0), candidate("a-again", 0.89, 1), candidate("b", 0.5, 70)], {
      ...roomy,
      mmrLambda: 1,
    });
    expect(ids(picked)).toEqual(["a", "b"]);
  });

  it("drops an unpinned near-duplicate of a pinned example", () => {
    const picked = pickExamples([candidate("p", 0.2, 0, { pinned: true }), candidate("same", 0.95, 2), candidate("b", 0.5, 70)], roomy);
    expect(ids(picked)).toEqual(["p", "b"]);
  });

  it("diversifies with MMR: a different example passes a more similar but redundant one", () => {
    // "close" is 20 degrees from "a" (cosine 0.94, below the duplicate bar), "far" 90 degrees.
    const candidates = [candidate("a", 0.9, 0), candidate("close", 0.85, 20), candidate("far", 0.7, 90)];
    expect(ids(pickExamples(candidates, { k: 2, maxTokens: 1_000, mmrLambda: 0.5 }))).toEqual(["a", "far"]);
    expect(ids(pickExamples(candidates, { k: 2, maxTokens: 1_000, mmrLambda: 1 }))).toEqual(["a", "close"]);
  });

  it("returns nothing for k = 0 or an empty list, and rejects a bad lambda", () => {
    expect(pickExamples([candidate("a", 0.9, 0)], { k: 0, maxTokens: 100 })).toEqual([]);
    expect(pickExamples([], roomy)).toEqual([]);
    expect(() => pickExamples([], { ...roomy, mmrLambda: 2 })).toThrow(RangeError);
  });
});
