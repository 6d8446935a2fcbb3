import { describe, expect, it } from "vitest";
import {
  aggregateAnswerMetrics,
  bestTokenF1,
  citationScores,
  containsReference,
  normalizeAnswer,
  tokenF1,
  type AnsweredQuestion,
} from "./answer-metrics";

const question = (over: Partial<AnsweredQuestion>): AnsweredQuestion => ({
  answerable: true,
  references: ["10 days"],
  sourceIds: ["a"],
  answer: "",
  citedDocuments: [],
  refused: false,
  overheadMs: 10,
  ...over,
});

describe("normalisation (SQuAD's)", () => {
  it("lower-cases and drops punctuation, articles and citation markers", () => {
    expect(normalizeAnswer("The court sends A case number, within 10 days! [1]")).toBe("court sends case number within 10 days");
    expect(normalizeAnswer("  An  apple [2, 3] ")).toBe("apple");
    expect(normalizeAnswer("Thêm  Việt-Nam.")).toBe("thêm việt nam");
    expect(normalizeAnswer("...")).toBe("");
  });
});

describe("token F1", () => {
  it("scores token overlap as SQuAD does", () => {
    expect(tokenF1("within 10 days", "10 days")).toBeCloseTo((2 * (2 / 3) * 1) / (2 / 3 + 1));
    expect(tokenF1("The answer.", "answer")).toBe(1);
    expect(tokenF1("days days", "days")).toBeCloseTo((2 * 0.5 * 1) / 1.5); // repeated tokens count once each
    expect(tokenF1("nothing in common", "10 days")).toBe(0);
  });

  it("is 0 for an empty answer or reference, and takes the best reference", () => {
    expect(tokenF1("", "10 days")).toBe(0);
    expect(tokenF1("10 days", "")).toBe(0);
    expect(bestTokenF1("ten days", ["10 days", "ten days"])).toBe(1);
    expect(bestTokenF1("anything", [])).toBe(0);
  });
});

describe("contains_reference", () => {
  it("finds a normalised reference as whole words", () => {
    expect(containsReference("You will hear within 10 Days [1].", ["10 days"])).toBe(true);
    expect(containsReference("within 100 days", ["10 days"])).toBe(false);
    expect(containsReference("Yes, you can [1].", ["no", "yes"])).toBe(true);
    expect(containsReference("", ["10 days"])).toBe(false);
    expect(containsReference("anything", ["", "the"])).toBe(false); // nothing left of the reference
  });
});

describe("citation precision and recall", () => {
  it("compares distinct cited documents with the source ids", () => {
    expect(citationScores(["a", "a", "b"], ["a"])).toEqual({ precision: 0.5, recall: 1 });
    expect(citationScores([], ["a"])).toEqual({ precision: null, recall: 0 });
    expect(citationScores(["a"], [])).toEqual({ precision: 0, recall: null });
  });
});

describe("aggregate", () => {
  it("computes every metric on hand-made answers", () => {
    const m = aggregateAnswerMetrics([
      // Right, cites its source and another document.
      question({ answer: "Within 10 days [1]. Also [2].", citedDocuments: ["a", "b"], overheadMs: 5 }),
      // Answerable but refused: a false refusal, recall 0, no precision.
      question({ answer: "Not found in the knowledge base.", refused: true, overheadMs: 7 }),
      // Answerable without source ids or references: counts for false refusals only.
      question({ references: [], sourceIds: [], answer: "Something [1].", citedDocuments: ["c"], overheadMs: 9 }),
      // Unanswerable and refused; unanswerable and answered.
      question({ answerable: false, references: [], sourceIds: [], refused: true, overheadMs: 11 }),
      question({ answerable: false, references: [], sourceIds: ["r"], answer: "A guess [1].", citedDocuments: ["r"], overheadMs: 13 }),
    ]);
    expect(m.questions).toBe(5);
    expect(m.answerable).toBe(3);
    expect(m.unanswerable).toBe(2);
    expect(m.contains_reference).toBe(0.5); // 2 answerable questions with references, 1 contains it
    expect(m.token_f1).toBeCloseTo(((2 * (2 / 4) * 1) / (2 / 4 + 1) + 0) / 2, 4); // "within 10 days also" vs "10 days"
    expect(m.citation_precision).toBe(0.5); // only the answer that cites something
    expect(m.citation_recall).toBe(0.5); // the refusal counts 0
    expect(m.refusal_accuracy).toBe(0.5);
    expect(m.false_refusal_rate).toBeCloseTo(1 / 3, 4);
    expect(m.overhead_p50_ms).toBe(9);
    expect(m.overhead_p95_ms).toBe(13);
    expect(m.errors).toBe(0);
  });

  it("gives null, not 0 or NaN, for what a question set cannot measure", () => {
    const m = aggregateAnswerMetrics([
      question({ answerable: false, references: [], sourceIds: [], refused: false, overheadMs: null, failed: true }),
    ]);
    expect(m.refusal_accuracy).toBe(0);
    expect(m.false_refusal_rate).toBeNull();
    expect(m.contains_reference).toBeNull();
    expect(m.token_f1).toBeNull();
    expect(m.citation_precision).toBeNull();
    expect(m.citation_recall).toBeNull();
    expect(m.overhead_p50_ms).toBeNull();
    expect(m.errors).toBe(1);
  });
});
