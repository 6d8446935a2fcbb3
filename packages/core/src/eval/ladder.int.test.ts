import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, type AnswerTrace } from "../answer";
import { createHashingEmbedder } from "../embed";
import { createOpenAIChatModel } from "../llm/openai";
import { withEvalWorkspace } from "./answers";
import { startInstantModelServer } from "./instant-model";
import { runLadder } from "./ladder";
import { LADDER_RUNGS, ladderConfigs, runOverrides } from "./run-config";

// The ladder on a hand-made corpus: the rungs' configurations reach the pipeline. Figures on the real sets are
// measured by running the command (docs/evaluation.md), never asserted here. The CLI's own test runs it with the
// extractive default (apps/cli/src/cli.int.test.ts).
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "lore-eval-ladder-"));
  await writeFile(
    path.join(dir, "corpus.jsonl"),
    jsonl([
      { id: "leave", title: "Annual leave", text: "Every employee gets 27 days of annual leave per calendar year." },
      { id: "expenses", title: "Expenses", text: "Travel expenses are reimbursed within 30 days when a receipt is attached." },
      { id: "parking", title: "Parking", text: "Bike parking is in the basement of the main office." },
    ]),
  );
  await writeFile(
    path.join(dir, "questions.jsonl"),
    jsonl([
      { id: "q1", question: "How many days of annual leave do employees get?", answers: ["27 days"], source_ids: ["leave"] },
      { id: "q2", question: "When are travel expenses reimbursed?", answers: ["within 30 days"], source_ids: ["expenses"] },
      { id: "q3", question: "Where is the bike parking?", answers: ["in the basement"], source_ids: ["parking"] },
    ]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runLadder", () => {
  it("with a model: every rung asks it, with the examples taken from the questions, and counts its tokens", async () => {
    const server = await startInstantModelServer();
    try {
      const model = createOpenAIChatModel({ model: "instant", baseURL: server.url, apiKey: "test", maxRetries: 0 });
      const result = await runLadder({
        corpus: dir,
        questions: path.join(dir, "questions.jsonl"),
        examplesFromQuestions: 1,
        embedder: createHashingEmbedder(),
        model,
      });
      expect(result.split?.exampleIds).toEqual(["q1"]);
      expect(result.rows.map((r) => r.rung)).toEqual([...LADDER_RUNGS]);
      for (const row of result.rows) {
        expect(row).toMatchObject({ model: model.id, questions: 2, examples: 1, examples_from: "questions", errors: 0 });
        expect(row.example_question_ids).toEqual(["q1"]);
        // The instant server reports 100 prompt and 12 completion tokens per request.
        expect(row).toMatchObject({ prompt_tokens_mean: 100, answer_tokens_mean: 12, modes: { model: 2 } });
        expect(row.latency_ms.generate?.p50).toBeGreaterThanOrEqual(0);
      }
      expect(server.requests).toBe(5 * 2);
      const [promptOnly, , vector, hybrid] = result.rows;
      expect(promptOnly).toMatchObject({ recall_at_k: null, citation_recall: 0 });
      expect(vector).toMatchObject({ recall_at_k: 1, mrr: 1, retrieval_k: 6, citation_recall: 1 });
      expect(hybrid).toMatchObject({ recall_at_k: 1, citation_recall: 1 });
    } finally {
      await server.close();
    }
  }, 120_000);

  it("retrieval's mode takes effect: the vector rung ranks without the keyword retriever, hybrid with it", async () => {
    const embedder = createHashingEmbedder();
    const traces = await withEvalWorkspace({ corpus: dir, examples: [], embedder }, async (workspace) => {
      const byRung: Record<string, AnswerTrace> = {};
      for (const { rung, config } of ladderConfigs().filter((r) => r.config.retrieval.enabled && !r.config.examples.enabled)) {
        const events = answer(
          { db: workspace.prisma, embedder, model: null },
          { question: "travel expenses reimbursed", userId: null, persist: false, overrides: runOverrides(config) },
        );
        for await (const event of events) if (event.type === "done") byRung[rung] = event.trace;
      }
      return byRung;
    });
    expect(traces["rag-vector"]!.retrieval.mode).toBe("vector");
    expect(traces["rag-vector"]!.retrieval.results.length).toBeGreaterThan(0);
    expect(traces["rag-vector"]!.retrieval.results.every((r) => r.scores.fulltext === undefined)).toBe(true);
    expect(traces.hybrid!.retrieval.mode).toBe("hybrid");
    expect(traces.hybrid!.retrieval.results.some((r) => (r.scores.fulltext ?? 0) > 0)).toBe(true);
  }, 120_000);
});
