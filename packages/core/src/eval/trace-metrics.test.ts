import { describe, expect, it } from "vitest";
import type { AnswerTrace, StoredMessage } from "../answer";
import { aggregateTraceMetrics, observeAnswer, type ObservedQuestion } from "./trace-metrics";

const trace = (over: Partial<AnswerTrace> = {}): AnswerTrace => ({
  mode: "extractive",
  promptConfigId: null,
  promptVersion: null,
  model: "extractive",
  question: "q",
  query: { text: "q", rewritten: false, method: "none" },
  retrieval: {
    enabled: true,
    mode: "hybrid",
    k: 6,
    refusalThreshold: 0.2,
    bestRelevance: 0.5,
    // Chunks of db-b, db-a, db-b: two distinct documents, b first.
    results: ["db-b", "db-a", "db-b"].map((documentId, i) => ({ chunkId: `c${i}`, documentId, title: "", scores: { fused: 1 - i / 10 } })),
  },
  examples: { enabled: false, used: [] },
  usage: { inputTokens: 0, outputTokens: 0 },
  latencyMs: { retrieve: 10, generate: 5, total: 20 },
  ...over,
});

const message = (text: string, citedDocuments: string[], t: AnswerTrace): StoredMessage => ({
  id: "m",
  conversationId: "c",
  role: "assistant",
  status: "complete",
  createdAt: new Date(0),
  parts: [
    { type: "text", text },
    {
      type: "citations",
      citations: citedDocuments.map((documentId, i) => ({
        n: i + 1,
        chunkId: "",
        documentId,
        versionId: "",
        title: "",
        headingPath: [],
        attached: false,
      })),
    },
    { type: "trace", trace: t },
  ],
});

const toDatasetId = (id: string) => id.replace(/^db-/, "");

describe("observeAnswer", () => {
  it("reads the retrieved documents (distinct, best first), citations, latency and counted answer tokens of an extractive answer", () => {
    const t = trace();
    const observed = observeAnswer({ type: "done", message: message("Ten days [1].", ["db-a", "db-a"], t), trace: t }, toDatasetId);
    expect(observed).toMatchObject({
      answer: "Ten days [1].",
      citedDocuments: ["a"],
      refused: false,
      overheadMs: 20,
      mode: "extractive",
      retrievedDocuments: ["b", "a"],
      retrievalK: 6,
      latencyMs: { retrieve: 10, generate: 5, total: 20 },
      promptTokens: null,
    });
    expect(observed.answerTokens).toBeGreaterThan(2);
    expect(observed.failed).toBeUndefined();
  });

  it("takes a model's reported tokens, else the assembled prompt's count; the model's time leaves the overhead", () => {
    const reported = trace({ mode: "model", usage: { inputTokens: 120, outputTokens: 9 } });
    expect(observeAnswer({ type: "done", message: message("x", [], reported), trace: reported }, toDatasetId)).toMatchObject({
      promptTokens: 120,
      answerTokens: 9,
      overheadMs: 15,
    });
    const unreported = trace({ mode: "model", budget: { used: 333 } });
    expect(observeAnswer({ type: "done", message: message("Yes.", [], unreported), trace: unreported }, toDatasetId)).toMatchObject({
      promptTokens: 333,
      answerTokens: 2,
    });
  });

  it("has no retrieved documents when retrieval was off, a refusal when not_found, and a failure keeps its trace's retrieval", () => {
    const off = trace({ mode: "not_found", retrieval: { ...trace().retrieval, enabled: false, results: [] } });
    expect(observeAnswer({ type: "done", message: message("Not found.", [], off), trace: off }, toDatasetId)).toMatchObject({
      refused: true,
      retrievedDocuments: null,
      retrievalK: null,
    });
    const failed = observeAnswer({ type: "error", stored: message("partial [1]", ["db-a"], trace()) }, toDatasetId);
    expect(failed).toMatchObject({
      failed: true,
      refused: false,
      answer: "",
      citedDocuments: [],
      overheadMs: null,
      retrievedDocuments: ["b", "a"],
    });
    expect(observeAnswer({ type: "error", stored: null }, toDatasetId)).toMatchObject({
      failed: true,
      mode: null,
      retrievedDocuments: null,
    });
  });
});

const q = (over: Partial<ObservedQuestion>): ObservedQuestion => ({
  answerable: true,
  sourceIds: ["a"],
  answer: "",
  citedDocuments: [],
  refused: false,
  overheadMs: 1,
  mode: "extractive",
  retrievedDocuments: ["a"],
  retrievalK: 6,
  latencyMs: { total: 10 },
  promptTokens: null,
  answerTokens: 4,
  ...over,
});

describe("aggregateTraceMetrics", () => {
  it("recall@k and MRR over answerable questions with sources whose retrieval ran", () => {
    const m = aggregateTraceMetrics([
      q({ retrievedDocuments: ["a", "b"] }), // rank 1
      q({ retrievedDocuments: ["b", "c", "a"] }), // rank 3
      q({ retrievedDocuments: [] }), // miss
      q({ retrievedDocuments: ["b"], sourceIds: ["x", "b"] }), // rank 1, any source counts
      q({ answerable: false, sourceIds: [], retrievedDocuments: ["a"] }), // not counted
      q({ sourceIds: [], retrievedDocuments: ["a"] }), // no sources: not counted
      q({ retrievedDocuments: null }), // retrieval off: not counted
    ]);
    expect(m.recall_at_k).toBe(0.75);
    expect(m.mrr).toBeCloseTo((1 + 1 / 3 + 0 + 1) / 4, 4);
    expect(m.retrieval_k).toBe(6);
  });

  it("is null where nothing can be measured: no retrieval, no model", () => {
    const m = aggregateTraceMetrics([q({ retrievedDocuments: null, retrievalK: null, mode: "not_found" })]);
    expect(m).toMatchObject({ recall_at_k: null, mrr: null, retrieval_k: null, prompt_tokens_mean: null, prompt_tokens_total: null });
    expect(m.modes).toEqual({ not_found: 1 });
  });

  it("stage percentiles over the answers that recorded the stage; token means and totals", () => {
    const m = aggregateTraceMetrics([
      q({ latencyMs: { retrieve: 1, total: 10 }, mode: "model", promptTokens: 100, answerTokens: 10 }),
      q({ latencyMs: { retrieve: 3, total: 30 }, mode: "model", promptTokens: 300, answerTokens: 30 }),
      q({ latencyMs: { total: 20 }, answerTokens: null, failed: true, mode: null }),
    ]);
    expect(m.latency_ms).toEqual({ retrieve: { p50: 1, p95: 3 }, total: { p50: 20, p95: 30 } });
    expect(m).toMatchObject({ prompt_tokens_mean: 200, prompt_tokens_total: 400, answer_tokens_mean: 20, answer_tokens_total: 40 });
    expect(m.modes).toEqual({ model: 2 });
  });
});
