import { describe, expect, it } from "vitest";
import { buildBm25Index } from "./bm25";
import { aggregateRanks, distinctDocuments, firstHitRank, percentile } from "./metrics";

describe("document-level ranking", () => {
  it("ranks documents by their best chunk and drops repeats", () => {
    expect(distinctDocuments(["a", "a", "b", "a", "c", "b", "d"])).toEqual(["a", "b", "c", "d"]);
    expect(distinctDocuments([])).toEqual([]);
  });

  it("finds the first gold document's rank among distinct documents", () => {
    // Chunks: a, a, a, b, c → documents a, b, c: gold "c" is document #3, although it is chunk #5.
    const docs = distinctDocuments(["a", "a", "a", "b", "c"]);
    expect(firstHitRank(docs, ["c"])).toBe(3);
    expect(firstHitRank(docs, ["z", "b"])).toBe(2); // any gold document counts, the best-ranked one wins
    expect(firstHitRank(docs, ["z"])).toBeNull();
  });
});

describe("recall@k and MRR", () => {
  it("computes them on a hand-made ranking", () => {
    // Five questions: first hits at ranks 1, 2, 5, 7 and none.
    const m = aggregateRanks([1, 2, 5, 7, null]);
    expect(m.questions).toBe(5);
    expect(m.recall_at_1).toBeCloseTo(1 / 5);
    expect(m.recall_at_5).toBeCloseTo(3 / 5);
    expect(m.recall_at_10).toBeCloseTo(4 / 5);
    expect(m.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 5 + 1 / 7) / 5);
  });

  it("caps MRR at the cutoff and handles no questions", () => {
    expect(aggregateRanks([1, 20], 10).mrr).toBeCloseTo(0.5);
    expect(aggregateRanks([])).toEqual({ recall_at_1: 0, recall_at_5: 0, recall_at_10: 0, mrr: 0, questions: 0 });
  });

  it("takes nearest-rank percentiles", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile([3], 95)).toBe(3);
  });
});

describe("BM25 reference", () => {
  it("ranks the chunk with the rare query term first, with Unicode (Vietnamese) tokens intact", () => {
    const index = buildBm25Index([
      { id: "1", documentId: "d1", text: "Annual leave: you get 25 days of holiday per year." },
      { id: "2", documentId: "d2", text: "Expenses: submit receipts for travel within 30 days." },
      { id: "3", documentId: "d3", text: "Nghỉ phép năm: nhân viên được 25 ngày nghỉ mỗi năm." },
      { id: "4", documentId: "d4", text: "Laptops are encrypted; report a lost laptop to security." },
    ]);
    expect(index.search("how many days of holiday", 2)[0]).toBe("1");
    expect(index.search("receipts for travel", 1)).toEqual(["2"]);
    expect(index.search("nghỉ phép", 1)).toEqual(["3"]);
  });
});
