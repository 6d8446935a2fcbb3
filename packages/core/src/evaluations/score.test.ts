import { describe, expect, it } from "vitest";
import type { AnswerObservation } from "../eval/trace-metrics";
import { caseMetrics, runMetrics, scoreCase, type AskedCase } from "./score";

// Hand-made cases whose scores follow from the definitions (docs/evaluation.md, docs/evaluation-workbench.md).
const observed = (o: Partial<AnswerObservation>): AnswerObservation => ({
  answer: "",
  citedDocuments: [],
  refused: false,
  overheadMs: 10,
  mode: "model",
  retrievedDocuments: [],
  retrievalK: 6,
  latencyMs: { retrieve: 5, generate: 20, total: 30 },
  promptTokens: 100,
  answerTokens: 10,
  ...o,
});
const asked = (a: Partial<AskedCase>): AskedCase => ({ question: "Q?", answerable: true, answers: [], sourceIds: [], ...a });

describe("scoreCase", () => {
  it("an answer containing the reference, citing its source found second: passes, rank 2", () => {
    const s = scoreCase(
      asked({ answers: ["27 days"], sourceIds: ["leave"] }),
      observed({ answer: "You get 27 days [1].", citedDocuments: ["leave", "parking"], retrievedDocuments: ["parking", "leave"] }),
    );
    expect(s).toEqual({
      contains_reference: true,
      token_f1: 0.6667,
      citation_precision: 0.5,
      citation_recall: 1,
      refused: false,
      failed: false,
      first_hit_rank: 2,
      reciprocal_rank: 0.5,
      pass: true,
    });
  });

  it("no source ids: citation and retrieval are not measured, and the case can pass on its text alone", () => {
    const s = scoreCase(
      asked({ answers: ["within 10 days"] }),
      observed({ answer: "Within 10 days.", citedDocuments: ["x"], retrievedDocuments: ["x"] }),
    );
    expect(s).toMatchObject({
      citation_precision: null,
      citation_recall: null,
      first_hit_rank: null,
      reciprocal_rank: null,
      contains_reference: true,
      pass: true,
    });
  });

  it("unanswerable: passes only when refused; text, citations and retrieval are not measured", () => {
    const refused = scoreCase(
      asked({ answerable: false }),
      observed({ answer: "Not in the knowledge base.", refused: true, mode: "not_found" }),
    );
    expect(refused).toMatchObject({ pass: true, contains_reference: null, token_f1: null, citation_recall: null, reciprocal_rank: null });
    expect(scoreCase(asked({ answerable: false }), observed({ answer: "Ulaanbaatar." })).pass).toBe(false);
  });

  it("an empty answer: F1 0, not containing, citation recall 0: fails", () => {
    const s = scoreCase(asked({ answers: ["308"], sourceIds: ["sb"] }), observed({ answer: "", retrievedDocuments: ["sb"] }));
    expect(s).toMatchObject({
      contains_reference: false,
      token_f1: 0,
      citation_precision: null,
      citation_recall: 0,
      first_hit_rank: 1,
      pass: false,
    });
  });

  it("a refusal of an answerable case: citation recall 0 even if it cited, fails; a miss in retrieval has reciprocal rank 0", () => {
    const s = scoreCase(
      asked({ answers: ["27 days"], sourceIds: ["leave"] }),
      observed({
        answer: "27 days is not in the knowledge base",
        refused: true,
        citedDocuments: ["leave"],
        retrievedDocuments: ["parking"],
      }),
    );
    expect(s).toMatchObject({
      refused: true,
      citation_recall: 0,
      citation_precision: null,
      first_hit_rank: null,
      reciprocal_rank: 0,
      pass: false,
    });
  });

  it("retrieval off: retrieval is not measured; a correct answer without the citation fails when the case has sources", () => {
    const s = scoreCase(
      asked({ answers: ["27 days"], sourceIds: ["leave"] }),
      observed({ answer: "27 days.", retrievedDocuments: null, retrievalK: null }),
    );
    expect(s).toMatchObject({ first_hit_rank: null, reciprocal_rank: null, contains_reference: true, citation_recall: 0, pass: false });
  });

  it("an answer that failed never passes, even an unanswerable one", () => {
    expect(scoreCase(asked({ answerable: false }), observed({ failed: true, refused: false })).pass).toBe(false);
  });

  it("token F1 ≥ 0.5 passes without containing the reference", () => {
    const s = scoreCase(asked({ answers: ["annual leave of 27 days"] }), observed({ answer: "27 days of leave" }));
    expect(s.contains_reference).toBe(false);
    expect(s.token_f1).toBeGreaterThanOrEqual(0.5);
    expect(s.pass).toBe(true);
  });
});

describe("runMetrics", () => {
  const stored = (a: AskedCase, o: AnswerObservation) => ({
    metrics: caseMetrics(a, o),
    answer: o.answer,
    retrieved: o.retrievedDocuments,
  });
  const cases = [
    stored(
      asked({ answers: ["27 days"], sourceIds: ["leave"] }),
      observed({ answer: "27 days [1]", citedDocuments: ["leave"], retrievedDocuments: ["leave"] }),
    ),
    stored(
      asked({ answers: ["308"], sourceIds: ["sb"] }),
      observed({ answer: "", retrievedDocuments: ["x"], promptTokens: 300, answerTokens: 0 }),
    ),
    stored(
      asked({ answerable: false }),
      observed({ answer: "Not found.", refused: true, mode: "not_found", promptTokens: null, answerTokens: 3 }),
    ),
  ];

  it("aggregates with the eval commands' code, adds pass rate and cost, and says when it is partial", () => {
    const m = runMetrics(cases, 4, { inputPerMTok: 1, outputPerMTok: 10 });
    expect(m).toMatchObject({
      questions: 3,
      answerable: 2,
      unanswerable: 1,
      contains_reference: 0.5,
      citation_precision: 1,
      citation_recall: 0.5,
      refusal_accuracy: 1,
      false_refusal_rate: 0,
      recall_at_k: 0.5,
      mrr: 0.5,
      prompt_tokens_total: 400,
      cases: 3,
      cases_total: 4,
      partial: true,
      passed: 2,
      pass_rate: 0.6667,
      judged: 0,
      judge_correctness: null,
    });
    // Model calls only: (100 + 300) prompt tokens at 1 and (10 + 0) answer tokens at 10 per million.
    expect(m.estimated_cost).toBeCloseTo(0.0005, 8);
    expect(m.latency_ms.total).toEqual({ p50: 30, p95: 30 });
  });

  it("cost: unknown prices with model calls is null; no model call is 0", () => {
    expect(runMetrics(cases, 3, null).estimated_cost).toBeNull();
    const extractive = cases.map((c) => ({ ...c, metrics: { ...c.metrics, mode: "extractive" as const } }));
    expect(runMetrics(extractive, 3, null).estimated_cost).toBe(0);
    expect(runMetrics([], 3, null)).toMatchObject({ cases: 0, partial: true, pass_rate: null, contains_reference: null });
  });
});
