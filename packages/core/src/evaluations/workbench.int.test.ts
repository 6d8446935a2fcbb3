/**
 * The workbench end to end on a tiny knowledge base: a set imported from JSONL, runs answered by the real pipeline
 * (the extractive default, and a model behind the fake OpenAI-compatible server), what each run records, a cancel
 * in the middle of a run, the ladder, the comparison and "what to do next". The worker's handler is called directly
 * here (the queue is a stub that accepts jobs); packages/api's router test goes through a real worker.
 */
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../embed";
import { indexDocument } from "../knowledge-base";
import { createOpenAIChatModel } from "../llm";
import { EVAL_CASES, createTestUser, evalPages, startFakeOpenAI, toJsonl, until, type FakeOpenAIServer } from "../testing";
import {
  cancelRuns,
  compareRuns,
  createSet,
  exportCases,
  failLostRuns,
  getResultTrace,
  getRun,
  importCases,
  listResults,
  QUIET_RUN_AFTER_MS,
  runEvaluation,
  runNextSteps,
  startLadder,
  startRun,
  type CaseMetrics,
} from ".";

const db = useTestDatabase();
const embedder = createHashingEmbedder();
let fake: FakeOpenAIServer;
let admin: { id: string; email: string };
const model = () => createOpenAIChatModel({ baseURL: fake.url, apiKey: "test-key", model: "fake-model", timeoutMs: 5000, maxRetries: 0 });
/** Jobs are accepted and forgotten: the tests run them with `runEvaluation`. */
const queue = { send: async (_q: string, _d: object, o: { id: string }) => o.id, cancel: async () => {} } as unknown as PgBoss;
const CONTEXT = { modelConfigured: true };

beforeAll(async () => {
  fake = await startFakeOpenAI();
  admin = await createTestUser(db.prisma, { role: "admin" });
  for (const doc of evalPages()) await indexDocument(db.prisma, { source: "test", doc }, { embedder });
  await db.prisma.promptConfig.create({
    data: { id: randomUUID(), name: "test", version: 1, systemPrompt: "You are Lore, a test assistant.", isActive: true },
  });
});
afterAll(async () => {
  await fake?.close();
});

async function newSet(rows: object[] = EVAL_CASES) {
  const { id } = await createSet(db.prisma, { name: `set ${randomUUID()}` }, admin);
  expect(await importCases(db.prisma, id, { text: toJsonl(rows) }, admin)).toEqual({ imported: rows.length, errors: [] });
  return id;
}

const resultsOf = async (runId: string) => (await listResults(db.prisma, runId, { limit: 100 })).items;

describe("evaluation sets", () => {
  it("import is all or nothing, export gives the file back", async () => {
    const setId = await newSet();
    const exported = await exportCases(db.prisma, setId, { limit: 2 });
    const rest = await exportCases(db.prisma, setId, { cursor: exported.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    expect(
      (exported.text + rest.text)
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(EVAL_CASES);

    const bad =
      toJsonl([
        { id: "new", question: "A new one?" },
        { id: "leave", question: "Again?" },
      ]) + "\nnot json";
    const result = await importCases(db.prisma, setId, { text: bad }, admin);
    expect(result).toEqual({
      imported: 0,
      errors: [
        { line: 2, message: 'the set already has a case with the id "leave"' },
        { line: 3, message: "not valid JSON" },
      ],
    });
    expect(await db.prisma.evalCase.count({ where: { setId } })).toBe(3);
    expect(await db.prisma.auditLog.count({ where: { action: "eval_set.imported", targetId: setId } })).toBe(1);
  });
});

describe("a run", () => {
  it("over the fake OpenAI-compatible server records the prompts, the resolved configuration and the scores, and the judge's grades", async () => {
    const setId = await newSet();
    fake.reply(
      { deltas: ["Every employee gets ", "27 days of annual leave [1]."], usage: { prompt_tokens: 120, completion_tokens: 12 } },
      { deltas: ['{"correctness": "correct", "faithfulness": "faithful", "reason": "It says 27 days."}'] },
      { deltas: ["They are paid back ", "within 30 days [1]."], usage: { prompt_tokens: 100, completion_tokens: 8 } },
      { deltas: ['{"correctness": "partial", "faithfulness": "faithful", "reason": "ok"}'] },
    );
    const before = fake.chatRequests.length;
    const { id } = await startRun(db.prisma, queue, { setId, judge: true, label: "model" }, CONTEXT, admin);
    expect(await getRun(db.prisma, id)).toMatchObject({ status: "queued", progress: { done: 0, total: 3 } });

    const outcome = await runEvaluation(db.prisma, id, {
      embedder,
      model: model(),
      prices: { inputPerMTok: 2, outputPerMTok: 8 },
      final: false,
    });
    expect(outcome.status).toBe("succeeded");
    const run = await getRun(db.prisma, id);
    expect(run).toMatchObject({ status: "succeeded", progress: { done: 3, total: 3 } });
    expect(run.resolved).toMatchObject({
      promptVersion: 1,
      model: "openai:fake-model@" + fake.url,
      answerer: "model",
      retrieval: { enabled: true, mode: "hybrid", k: 6 },
      asker: { id: admin.id, groupIds: [] },
      judge: { version: "judge-v1" },
      knowledge: { documents: 3, examples: 0 },
    });
    expect(run.resolved!.knowledge.versions).toHaveLength(3);
    expect(run.resolved!.knowledgeAtEnd!.documentsHash).toBe(run.resolved!.knowledge.documentsHash);

    // Two answers and two judgements; the unanswerable question was refused by retrieval, without the model.
    const sent = fake.chatRequests.slice(before);
    expect(sent).toHaveLength(4);
    const results = await resultsOf(id);
    expect(results.map((r) => [r.externalId, r.pass, r.metrics.mode])).toEqual([
      ["leave", true, "model"],
      ["expenses", true, "model"],
      ["mongolia", true, "not_found"],
    ]);
    const leave = results[0]!;
    expect(leave).toMatchObject({ cited: ["leave"], answer: "Every employee gets 27 days of annual leave [1]." });
    expect(leave.metrics).toMatchObject({
      contains_reference: true,
      citation_recall: 1,
      first_hit_rank: 1,
      prompt_tokens: 120,
      answer_tokens: 12,
      judge: { correctness: 1, faithfulness: 1, version: "judge-v1" },
    });
    // The prompt the model got is kept with the result, for the inspector.
    const trace = await getResultTrace(db.prisma, leave.id, { actor: admin });
    expect(trace.inspection!.prompt!.messages).toEqual(sent[0]!.body.messages);
    expect(trace.trace).toMatchObject({ mode: "model", promptVersion: 1 });
    expect(trace.citations.map((c) => c.title)).toEqual(["Annual leave"]);
    expect(trace.asker).toMatchObject({ id: admin.id });
    // The judge saw the question, the expected answer, the cited source and the answer.
    expect(String(sent[1]!.body.messages![1]!.content)).toMatch(/27 days[\s\S]*Annual leave[\s\S]*Every employee gets 27 days/);

    expect(run.metrics).toMatchObject({
      questions: 3,
      contains_reference: 1,
      citation_recall: 1,
      refusal_accuracy: 1,
      false_refusal_rate: 0,
      recall_at_k: 1,
      mrr: 1,
      prompt_tokens_total: 220,
      pass_rate: 1,
      partial: false,
      judged: 2,
      judge_correctness: 0.75,
      judge_faithfulness: 1,
    });
    // The refusal's text counts as answer tokens (trace-metrics.ts), but only the model's calls cost anything.
    expect(run.metrics!.answer_tokens_total).toBeGreaterThan(20);
    expect(run.metrics!.estimated_cost).toBeCloseTo((220 * 2 + 20 * 8) / 1e6, 9);
    expect(run.metrics!.latency_ms.generate).toBeDefined();
  });

  it("cancelled in the middle stops at its next case, keeps whole results and partial metrics", async () => {
    const setId = await newSet([
      ...EVAL_CASES.slice(0, 2),
      { id: "parking", question: "Where is the bike parking?", answers: ["in the basement"], source_ids: ["parking"] },
      { id: "leave-2", question: "Can unused leave days be carried over?", answers: ["until March"], source_ids: ["leave"] },
    ]);
    fake.reply({ deltas: ["27 days [1]."] }, { deltas: ["Within 30 days [1]."], headersDelayMs: 1500 });
    const { id } = await startRun(db.prisma, queue, { setId }, CONTEXT, admin);
    const running = runEvaluation(db.prisma, id, { embedder, model: model(), prices: null, final: false });
    await until("the first case's result", async () => (await db.prisma.evalResult.count({ where: { runId: id } })) === 1);
    expect(await cancelRuns(db.prisma, queue, { id }, admin)).toEqual({ canceled: [id] });
    expect((await getRun(db.prisma, id)).status).toBe("canceled");
    expect(await running).toEqual({ status: "canceled" });

    // The case being answered was finished and recorded; none after it was asked.
    const run = await getRun(db.prisma, id);
    expect(run).toMatchObject({ status: "canceled", progress: { done: 2, total: 4 } });
    expect(run.metrics).toMatchObject({ cases: 2, cases_total: 4, partial: true, questions: 2 });
    const results = await db.prisma.evalResult.findMany({ where: { runId: id } });
    expect(results.every((r) => typeof (r.metrics as unknown as CaseMetrics).pass === "boolean" && r.parts !== null)).toBe(true);
    expect(await runEvaluation(db.prisma, id, { embedder, model: model(), prices: null, final: false })).toEqual({ status: "skipped" });
    await expect(cancelRuns(db.prisma, queue, { id }, admin)).resolves.toEqual({ canceled: [] });
    expect(await db.prisma.auditLog.count({ where: { action: "eval_run.canceled", targetId: id } })).toBe(1);
  });

  it("a run whose job ended without it (a worker lost on the last attempt, or never queued) is failed once quiet", async () => {
    const setId = await newSet();
    const { id } = await startRun(db.prisma, queue, { setId, config: { answerer: "extractive" } }, CONTEXT, admin);
    const noJob = { getJobById: async () => null } as unknown as PgBoss;
    expect(await failLostRuns(db.prisma, noJob)).toBe(0); // not quiet yet
    const later = new Date(Date.now() + QUIET_RUN_AFTER_MS + 60_000);
    const alive = { getJobById: async () => ({ state: "created" }) } as unknown as PgBoss;
    expect(await failLostRuns(db.prisma, alive, later)).toBe(0); // still waiting in the queue
    expect(await failLostRuns(db.prisma, noJob, later)).toBe(1);
    expect(await getRun(db.prisma, id)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/worker was lost/),
      metrics: { cases: 0 },
    });
  });

  it("an attempt whose job the queue took back answers no further case (its retry does)", async () => {
    const setId = await newSet();
    const { id } = await startRun(db.prisma, queue, { setId, config: { answerer: "extractive" } }, CONTEXT, admin);
    const lost = new AbortController();
    lost.abort();
    expect(await runEvaluation(db.prisma, id, { embedder, model: null, prices: null, final: false, signal: lost.signal })).toEqual({
      status: "skipped",
    });
    expect(await db.prisma.evalResult.count({ where: { runId: id } })).toBe(0);
    expect((await getRun(db.prisma, id)).status).toBe("running");
    expect(await runEvaluation(db.prisma, id, { embedder, model: null, prices: null, final: false })).toEqual({ status: "succeeded" });
  });

  it("a ladder whose queueing fails part-way is not left half-started", async () => {
    const setId = await newSet();
    let sent = 0;
    const failsThird = {
      send: async (_q: string, _d: object, o: { id: string }) => {
        if (++sent === 3) throw new Error("queue unavailable");
        return o.id;
      },
    } as unknown as PgBoss;
    await expect(startLadder(db.prisma, failsThird, { setId }, CONTEXT, admin)).rejects.toThrow("queue unavailable");
    const left = await db.prisma.evalRun.findMany({ where: { setId }, select: { status: true } });
    expect(left.map((r) => r.status)).toEqual(["canceled", "canceled"]);
  });

  it("the ladder, compared rung by rung, and what to do next", async () => {
    const setId = await newSet();
    const { ladderId, runs } = await startLadder(db.prisma, queue, { setId, config: { answerer: "extractive" } }, CONTEXT, admin);
    expect(runs.map((r) => r.rung)).toEqual(["prompt-only", "few-shot", "rag-vector", "hybrid", "hybrid+few-shot"]);
    for (const r of runs) await runEvaluation(db.prisma, r.id, { embedder, model: null, prices: null, final: false });
    const ladder = await Promise.all(runs.map((r) => getRun(db.prisma, r.id)));
    expect(ladder.every((r) => r.ladderId === ladderId && r.status === "succeeded" && r.resolved!.model === "extractive")).toBe(true);

    // Prompt only has nothing to quote: every answerable case is refused. Hybrid retrieval answers them.
    const [promptOnly, , , hybrid] = ladder;
    expect(promptOnly!.metrics).toMatchObject({ false_refusal_rate: 1, refusal_accuracy: 1, recall_at_k: null });
    expect(hybrid!.metrics).toMatchObject({ false_refusal_rate: 0, contains_reference: 1, recall_at_k: 1 });

    const comparison = await compareRuns(db.prisma, [promptOnly!.id, hybrid!.id]);
    const caseIds = (await resultsOf(hybrid!.id)).map((r) => r.caseId);
    expect(comparison.pairs).toEqual([
      {
        from: promptOnly!.id,
        to: hybrid!.id,
        changes: ["retrieval.enabled: false → true"],
        knowledge: { documents: false, examples: false },
        regressions: [],
        improvements: caseIds.slice(0, 2),
      },
    ]);
    expect(comparison.cases.map((c) => [c.externalId, c.pass])).toEqual([
      ["leave", [false, true]],
      ["expenses", [false, true]],
    ]);

    const steps = await runNextSteps(db.prisma, promptOnly!.id);
    expect(steps.find((s) => s.kind === "false_refusals")).toMatchObject({ caseIds: caseIds.slice(0, 2), setting: { change: "lower" } });
    // Going back from hybrid to prompt only: two regressions, false refusals rose.
    const back = await runNextSteps(db.prisma, promptOnly!.id, hybrid!.id);
    expect(back.map((s) => s.kind)).toEqual(expect.arrayContaining(["false_refusals_rose", "regressions"]));
  });
});
