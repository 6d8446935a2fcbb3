import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embed";
import { createOpenAIChatModel } from "../llm/openai";
import { runAnswerBench } from "./answer-bench";
import { runAnswerEval } from "./answers";
import { INSTANT_ANSWER, startInstantModelServer } from "./instant-model";

// The commands end to end on a hand-made corpus: what they report follows from what the pipeline did. Their figures
// on the real sets are measured by running them (docs/evaluation.md), never asserted here.
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");

const CORPUS = [
  {
    id: "leave",
    title: "Annual leave",
    text: "Every employee gets 27 days of annual leave per calendar year. Unused days can be carried over until March.",
  },
  { id: "expenses", title: "Expenses", text: "Travel expenses are reimbursed within 30 days when a receipt is attached to the claim." },
  { id: "parking", title: "Parking", text: "Bike parking is in the basement of the main office, next to the showers." },
];
const QUESTIONS = [
  {
    id: "q1",
    question: "How many days of annual leave does an employee get per year?",
    answers: ["27 days"],
    source_ids: ["leave"],
    answerable: true,
  },
  { id: "q2", question: "When are travel expenses reimbursed?", answers: ["within 30 days"], source_ids: ["expenses"], answerable: true },
  { id: "q3", question: "What is the capital of Mongolia?", answers: [], source_ids: [], answerable: false },
];

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "lore-eval-answers-"));
  await writeFile(path.join(dir, "corpus.jsonl"), jsonl(CORPUS));
  await writeFile(path.join(dir, "questions.jsonl"), jsonl(QUESTIONS));
  await writeFile(
    path.join(dir, "examples.jsonl"),
    jsonl([{ question: "How many days of annual leave does an employee get per year?", answer: "27 days a year.", source_ids: ["leave"] }]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runAnswerEval", () => {
  it("answers with the extractive default, one row per threshold, citing the corpus's own ids", async () => {
    const embedder = createHashingEmbedder();
    const result = await runAnswerEval({
      corpus: dir,
      questions: path.join(dir, "questions.jsonl"),
      embedder,
      model: null,
      minScores: [0, 5],
    });
    expect(result).toMatchObject({ documents: 3, examples: 0, importFailures: [] });
    const [lenient, strict] = result.rows;
    expect(lenient).toMatchObject({
      config: "rag",
      model: "extractive",
      min_score: 0,
      questions: 3,
      answerable: 2,
      unanswerable: 1,
      errors: 0,
    });
    // Quoting the right sentence: the references are in the answers and the right documents are cited.
    expect(lenient!.contains_reference).toBe(1);
    expect(lenient!.citation_recall).toBe(1);
    expect(lenient!.false_refusal_rate).toBe(0);
    expect(lenient!.overhead_p50_ms).toBeGreaterThan(0);
    // No sentence reaches a score of 5 (relevance is at most about 1.4 with its priors): everything is refused.
    expect(strict).toMatchObject({
      min_score: 5,
      refusal_accuracy: 1,
      false_refusal_rate: 1,
      citation_recall: 0,
      citation_precision: null,
    });
  }, 120_000);

  it("few-shot without retrieval answers only from a standard answer; prompt-only refuses everything", async () => {
    const embedder = createHashingEmbedder();
    const common = { corpus: dir, questions: path.join(dir, "questions.jsonl"), embedder, model: null };
    const fewShot = await runAnswerEval({ ...common, examples: path.join(dir, "examples.jsonl"), config: "few-shot" });
    expect(fewShot.examples).toBe(1);
    // q1 is the example's question: its standard answer cites the linked document; q2 has nothing to go on.
    expect(fewShot.rows[0]).toMatchObject({ config: "few-shot", contains_reference: 0.5, citation_recall: 0.5 });
    const promptOnly = await runAnswerEval({ ...common, config: "prompt-only" });
    expect(promptOnly.rows[0]).toMatchObject({ config: "prompt-only", false_refusal_rate: 1, refusal_accuracy: 1 });
  }, 120_000);

  it("with a model, reports the model and keeps its time out of the overhead", async () => {
    const server = await startInstantModelServer();
    try {
      const model = createOpenAIChatModel({ model: "instant", baseURL: server.url, apiKey: "test", maxRetries: 0 });
      const result = await runAnswerEval({
        corpus: dir,
        questions: path.join(dir, "questions.jsonl"),
        embedder: createHashingEmbedder(),
        model,
        minScores: [0.5],
      });
      expect(result.rows[0]).toMatchObject({ model: model.id, min_score: null, errors: 0 });
      expect(server.requests).toBeGreaterThan(0);
      expect(INSTANT_ANSWER).toContain("[1]");
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe("runAnswerBench", () => {
  it("times stored answers through an instant model at a tiny size", async () => {
    const result = await runAnswerBench({ chunks: 100, questions: 5, examples: 5, embedder: createHashingEmbedder() });
    expect(result.chunks).toBeGreaterThanOrEqual(100);
    expect(result.modes.model).toBe(5);
    for (const key of ["overhead_p50_ms", "overhead_p95_ms", "first_token_p50_ms", "persist_p50_ms"] as const) {
      expect(Number.isFinite(result[key]), key).toBe(true);
      expect(result[key], key).toBeGreaterThan(0);
    }
    expect(result.overhead_p95_ms).toBeGreaterThanOrEqual(result.overhead_p50_ms);
  }, 180_000);
});
