import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "@lore/core/embed";
import { startWorker, type Worker } from "@lore/core/jobs";
import { indexDocument } from "@lore/core/knowledge-base";
import { EVAL_CASES, evalPages, toJsonl, until } from "@lore/core/testing";
import { errorCode, useHarness } from "../../test/harness";

// The workbench through the router and a real worker (pg-boss in this process, the extractive default): a set
// imported, edited and exported, a case from feedback, the ladder run as jobs, results, comparison and next steps.
const h = useHarness();
const embedder = createHashingEmbedder();
let worker: Worker;
const documentIds: Record<string, string> = {};

beforeAll(async () => {
  worker = await startWorker({ databaseUrl: h.url, prisma: h.db, embedder, chatModel: () => null });
  for (const doc of evalPages())
    documentIds[doc.externalId] = (await indexDocument(h.db, { source: "test", doc }, { embedder })).documentId;
});
afterAll(async () => {
  await worker?.stop();
});

/** A thumbs-down on an answer that cited the expenses page, as an employee would leave it. */
async function thumbsDown(employee: { id: string; cookie: string }) {
  const conversationId = randomUUID();
  await h.db.conversation.create({ data: { id: conversationId, userId: employee.id } });
  await h.db.message.create({
    data: { id: randomUUID(), conversationId, role: "user", parts: [{ type: "text", text: "Are taxis refunded?" }] },
  });
  const messageId = randomUUID();
  const citation = {
    n: 1,
    chunkId: "c",
    documentId: documentIds.expenses!,
    versionId: "v",
    title: "Expenses",
    headingPath: [],
    attached: false,
  };
  await h.db.message.create({
    data: {
      id: messageId,
      conversationId,
      role: "assistant",
      parts: [
        { type: "text", text: "No [1]." },
        { type: "citations", citations: [citation] },
      ],
      createdAt: new Date(Date.now() + 1),
    },
  });
  await (await h.callerFor(employee.cookie)).feedback.submit({ messageId, rating: -1 });
  return (await h.db.feedback.findFirstOrThrow({ where: { messageId } })).id;
}

describe("admin.evaluations", () => {
  it("sets and cases: import (all or nothing), edit, export, a case from feedback; employees are refused", async () => {
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    const caller = await h.callerFor(admin.cookie);
    const asEmployee = await h.callerFor(employee.cookie);
    expect(await errorCode(asEmployee.admin.evaluations.sets.list())).toBe("FORBIDDEN");
    expect(await errorCode(asEmployee.admin.evaluations.runs.start({ setId: "x" }))).toBe("FORBIDDEN");

    const { id: setId } = await caller.admin.evaluations.sets.create({ name: "Policies", description: "HR questions" });
    expect(await errorCode(caller.admin.evaluations.sets.create({ name: "Policies" }))).toBe("CONFLICT");
    const bad = await caller.admin.evaluations.sets.import({ setId, text: `${toJsonl(EVAL_CASES)}\n{"id": "x"}`, firstLine: 1 });
    expect(bad).toEqual({ imported: 0, errors: [{ line: 4, message: "question is missing" }] });
    expect(await caller.admin.evaluations.sets.import({ setId, text: toJsonl(EVAL_CASES) })).toEqual({ imported: 3, errors: [] });
    expect(await errorCode(caller.admin.evaluations.sets.import({ setId, text: "x".repeat(600_001) }))).toBe("BAD_REQUEST");

    const added = await caller.admin.evaluations.cases.create({ setId, question: "Who approves travel?", answers: ["your manager"] });
    expect(added).toMatchObject({ externalId: null, answerable: true, sourceIds: [] });
    const edited = await caller.admin.evaluations.cases.update({
      id: added.id,
      externalId: "travel",
      question: "Who approves travel?",
      answers: ["the manager"],
    });
    expect(edited).toMatchObject({ externalId: "travel", answers: ["the manager"] });
    expect(await errorCode(caller.admin.evaluations.cases.create({ setId, externalId: "leave", question: "Dup?" }))).toBe("CONFLICT");

    const feedbackId = await thumbsDown(employee);
    const regression = await caller.admin.evaluations.cases.fromFeedback({ setId, feedbackId, answers: ["Yes, as travel expenses."] });
    expect(regression).toMatchObject({
      externalId: `feedback-${feedbackId}`,
      question: "Are taxis refunded?",
      sourceIds: ["expenses"],
      origin: { kind: "feedback", feedbackId },
    });
    expect(await errorCode(caller.admin.evaluations.cases.fromFeedback({ setId, feedbackId, answers: ["Again"] }))).toBe("CONFLICT");

    const listed = await caller.admin.evaluations.cases.list({ setId, limit: 2 });
    expect(listed).toMatchObject({ total: 5, items: [{ externalId: "leave" }, { externalId: "expenses" }] });
    await caller.admin.evaluations.cases.delete({ id: added.id });
    await caller.admin.evaluations.cases.delete({ id: regression.id });
    const exported = await caller.admin.evaluations.sets.export({ setId });
    expect(exported.text).toBe(`${toJsonl(EVAL_CASES)}\n`);

    await caller.admin.evaluations.sets.update({ id: setId, name: "HR policies" });
    expect(await caller.admin.evaluations.sets.get({ id: setId })).toMatchObject({ name: "HR policies", cases: 3, runs: 0 });
    await caller.admin.evaluations.sets.delete({ id: setId });
    expect(await errorCode(caller.admin.evaluations.sets.get({ id: setId }))).toBe("NOT_FOUND");
    const actions = (
      await h.db.auditLog.findMany({ where: { actorId: admin.id, action: { startsWith: "eval_" } }, orderBy: { id: "asc" } })
    ).map((e) => e.action);
    expect(actions).toEqual([
      "eval_set.created",
      "eval_set.imported",
      "eval_case.created",
      "eval_case.updated",
      "eval_case.created_from_feedback",
      "eval_case.deleted",
      "eval_case.deleted",
      "eval_set.updated",
      "eval_set.deleted",
    ]);
  });

  it("runs the ladder as background jobs: progress, results, the trace of a case, comparison, next steps, cancel", async () => {
    const admin = await h.createUser("admin");
    const caller = await h.callerFor(admin.cookie);
    const { id: setId } = await caller.admin.evaluations.sets.create({ name: `Ladder ${randomUUID()}` });
    await caller.admin.evaluations.sets.import({ setId, text: toJsonl(EVAL_CASES) });
    expect(await errorCode(caller.admin.evaluations.runs.start({ setId, judge: true }))).toBe("PRECONDITION_FAILED");
    expect((await caller.admin.evaluations.settings()).judge).toMatchObject({ available: false, version: "judge-v1" });

    const { ladderId, runs } = await caller.admin.evaluations.runs.startLadder({ setId, config: { answerer: "extractive" } });
    expect(runs).toHaveLength(5);
    await until("the ladder to finish", async () => {
      const { items } = await caller.admin.evaluations.runs.list({ ladderId });
      return items.length === 5 && items.every((r) => r.status === "succeeded");
    });
    const progress = await caller.admin.evaluations.runs.progress({ id: runs[3]!.id });
    expect(progress).toEqual({ id: runs[3]!.id, status: "succeeded", done: 3, total: 3 });

    const hybrid = await caller.admin.evaluations.runs.get({ id: runs[3]!.id });
    expect(hybrid).toMatchObject({
      rung: "hybrid",
      ladderId,
      metrics: { pass_rate: 1, recall_at_k: 1, partial: false },
      resolved: { model: "extractive" },
    });
    const failures = await caller.admin.evaluations.runs.results({ runId: runs[0]!.id, failedOnly: true });
    expect(failures.items.map((r) => [r.externalId, r.pass, r.metrics.refused])).toEqual([
      ["leave", false, true],
      ["expenses", false, true],
    ]);
    // Narrowed to the cases a "what to do next" item names, on the server (paging and the total follow).
    const named = await caller.admin.evaluations.runs.results({ runId: runs[0]!.id, caseIds: [failures.items[1]!.caseId] });
    expect([named.total, named.items.map((r) => r.externalId)]).toEqual([1, ["expenses"]]);
    const failedCases = await caller.admin.evaluations.cases.list({ setId, failedInRunId: runs[0]!.id });
    expect(failedCases.items.map((c) => c.externalId)).toEqual(["leave", "expenses"]);
    const { items } = await caller.admin.evaluations.runs.results({ runId: hybrid.id });
    const trace = await caller.admin.evaluations.runs.resultTrace({ id: items[0]!.id });
    expect(trace).toMatchObject({ question: EVAL_CASES[0]!.question, trace: { mode: "extractive" }, asker: { id: admin.id } });
    expect(trace.citations.map((c) => c.documentId)).toEqual([documentIds["policies/leave"]]);
    // Read by another admin: audited, since the run asked as its creator.
    const other = await h.callerFor((await h.createUser("admin")).cookie);
    await other.admin.evaluations.runs.resultTrace({ id: items[0]!.id });
    expect(await h.db.auditLog.count({ where: { action: "eval_result.read", targetId: items[0]!.id } })).toBe(1);
    // Its answers in the results table too: once per reader and run however often the page polls; the creator is not audited.
    await other.admin.evaluations.runs.results({ runId: hybrid.id });
    await other.admin.evaluations.runs.results({ runId: hybrid.id });
    expect(await h.db.auditLog.count({ where: { action: "eval_result.read", targetType: "eval_run", targetId: hybrid.id } })).toBe(1);

    const comparison = await caller.admin.evaluations.compare({ runIds: [runs[0]!.id, hybrid.id] });
    expect(comparison.pairs[0]!.improvements).toEqual([items[0]!.caseId, items[1]!.caseId]);
    expect((await caller.admin.evaluations.nextSteps({ runId: runs[0]!.id })).map((s) => s.kind)).toContain("false_refusals");
    expect(await errorCode(caller.admin.evaluations.runs.cancel({ id: hybrid.id }))).toBe("CONFLICT");
    expect(await caller.admin.evaluations.runs.cancel({ ladderId })).toEqual({ canceled: [] });
    expect(await h.db.auditLog.count({ where: { action: "eval_run.ladder_started", targetId: setId } })).toBe(1);
  });
});
