import { describe, expect, it } from "vitest";
import { RunConfigSchema } from "../eval/run-config";
import type { AnswerObservation } from "../eval/trace-metrics";
import { nextSteps, type StepRun } from "./next-steps";
import type { ResolvedRun } from "./runs";
import { caseMetrics, runMetrics, type AskedCase } from "./score";

const obs = (o: Partial<AnswerObservation>): AnswerObservation => ({
  answer: "",
  citedDocuments: [],
  refused: false,
  overheadMs: 1,
  mode: "extractive",
  retrievedDocuments: [],
  retrievalK: 6,
  latencyMs: { total: 1 },
  promptTokens: null,
  answerTokens: 1,
  ...o,
});
const ask = (a: Partial<AskedCase>): AskedCase => ({ question: "Q?", answerable: true, answers: ["27 days"], sourceIds: ["leave"], ...a });
const state = { documents: 1, documentsHash: "a", examples: 0, examplesHash: "e", versions: [["d1", "v1"]] as Array<[string, string]> };
const resolved = (threshold: number, knowledge = state): ResolvedRun => ({
  promptConfigId: null,
  promptVersion: null,
  model: "extractive",
  answerer: "model",
  retrieval: { enabled: true, k: 6, refusalThreshold: threshold },
  examples: {},
  asker: { id: "u", email: "admin@x", groupIds: [] },
  embedder: "hashing",
  prices: null,
  judge: null,
  knowledge,
});

/** A run from (case id, asked, observed) triples, its metrics computed as a run's are. */
function run(id: string, cases: Array<[string, AskedCase, AnswerObservation]>, extra: Partial<StepRun> = {}): StepRun {
  const stored = cases.map(([caseId, a, o]) => ({ caseId, metrics: caseMetrics(a, o), answer: o.answer, retrieved: o.retrievedDocuments }));
  return {
    id,
    config: { ...RunConfigSchema.parse({}), judge: false },
    resolved: resolved(0.2),
    metrics: runMetrics(stored, cases.length, null),
    cases: stored.map(({ caseId, metrics }) => ({ caseId, metrics })),
    ...extra,
  };
}

const good = obs({ answer: "27 days [1]", citedDocuments: ["leave"], retrievedDocuments: ["leave"] });

describe("nextSteps", () => {
  it("names the cases retrieval missed with the documents they need, and those whose documents do not exist", () => {
    const r = run("r", [
      ["c1", ask({}), good],
      ["c2", ask({ sourceIds: ["expenses"] }), obs({ answer: "something", retrievedDocuments: ["leave"] })],
      ["c3", ask({ sourceIds: ["gone"] }), obs({ answer: "x", retrievedDocuments: ["leave"] })],
    ]);
    const steps = nextSteps(r, { unknownSources: new Set(["gone"]) });
    expect(steps.find((s) => s.kind === "sources_missing")).toMatchObject({ caseIds: ["c3"], documents: ["gone"], severity: "high" });
    expect(steps.find((s) => s.kind === "retrieval_misses")).toMatchObject({
      caseIds: ["c2"],
      documents: ["expenses"],
      setting: { name: "retrieval.k", current: 6 },
    });
  });

  it("false refusals above the target suggest lowering the threshold; unanswerable answered, raising it", () => {
    const refused = obs({ answer: "Not found.", refused: true, mode: "not_found" });
    const r = run("r", [
      ["c1", ask({}), refused],
      ["c2", ask({}), good],
      ["u1", ask({ answerable: false, answers: [], sourceIds: [] }), obs({ answer: "Ulaanbaatar." })],
    ]);
    const steps = nextSteps(r);
    expect(steps.find((s) => s.kind === "false_refusals")).toMatchObject({
      caseIds: ["c1"],
      setting: { name: "retrieval.refusalThreshold", current: 0.2, change: "lower" },
    });
    expect(steps.find((s) => s.kind === "unanswerable_answered")).toMatchObject({ caseIds: ["u1"], setting: { change: "raise" } });
  });

  it("imprecise citations, retrieved-but-not-cited, failed answers and a partial run", () => {
    const r = run("r", [
      [
        "c1",
        ask({}),
        obs({ answer: "27 days [1][2]", citedDocuments: ["leave", "parking", "canteen"], retrievedDocuments: ["leave", "parking"] }),
      ],
      ["c2", ask({}), obs({ answer: "27 days [1]", citedDocuments: ["parking"], retrievedDocuments: ["parking", "leave"] })],
      ["c3", ask({}), obs({ failed: true })],
    ]);
    r.metrics = { ...r.metrics!, partial: true, cases_total: 5 };
    const kinds = Object.fromEntries(nextSteps(r).map((s) => [s.kind, s.caseIds]));
    expect(kinds).toMatchObject({ errors: ["c3"], retrieved_not_cited: ["c2"], imprecise_citations: ["c1", "c2"], partial: [] });
  });

  it("compared with a run without examples: examples hurt, false refusals rose with the threshold named, the knowledge changed", () => {
    const base = run("a", [
      ["c1", ask({}), good],
      ["c2", ask({}), good],
    ]);
    const withExamples = run(
      "b",
      [
        ["c1", ask({}), obs({ answer: "Not found.", refused: true })],
        ["c2", ask({}), good],
      ],
      { resolved: resolved(0.5, { ...state, documentsHash: "b", versions: [["d1", "v2"]] }) },
    );
    base.config = { ...base.config, examples: { enabled: false } };
    const steps = nextSteps(withExamples, { base });
    expect(steps.find((s) => s.kind === "examples_hurt")).toMatchObject({ caseIds: ["c1"] });
    expect(steps.find((s) => s.kind === "false_refusals_rose")).toMatchObject({
      caseIds: ["c1"],
      detail: expect.stringContaining("from 0.2 to 0.5"),
    });
    expect(steps.find((s) => s.kind === "knowledge_changed")).toMatchObject({ documents: ["d1"] });
  });

  it("a clean run has nothing to do", () => {
    expect(nextSteps(run("r", [["c1", ask({}), good]]))).toEqual([]);
  });
});
