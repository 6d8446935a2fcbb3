// Inspections: stored with every answer, kept out of what employees read, with the would-be prompt and its budget
// in extractive mode; the inspector's ask as a group, audited.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { getConversation } from "../conversations";
import { createHashingEmbedder } from "../embed";
import { indexDocument } from "../knowledge-base";
import { createTestUser, markdownDoc } from "../testing";
import { answer, inspectAnswer, readAnswerTrace, readInspection, type AnswerEvent, type InspectEvent } from ".";

const database = useTestDatabase();
const embedder = createHashingEmbedder();
let hrGroupId: string;

beforeAll(async () => {
  const db = database.prisma;
  hrGroupId = randomUUID();
  await db.group.create({ data: { id: hrGroupId, name: "hr-inspect" } });
  await indexDocument(
    db,
    {
      source: "test",
      doc: markdownDoc("leave", "Annual leave", "# Annual leave\n\nEvery employee gets 27 days of annual leave per year."),
    },
    { embedder },
  );
  await indexDocument(
    db,
    {
      source: "test",
      doc: markdownDoc("bands", "Salary bands", "# Salary bands\n\nSalary bands for annual reviews are set by the people team."),
      groups: ["hr-inspect"],
    },
    { embedder },
  );
  await db.promptConfig.create({
    data: { id: randomUUID(), name: "test", version: 1, systemPrompt: "You are Lore, a test assistant.", isActive: true },
  });
});

async function drain<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const e of events) all.push(e);
  return all;
}

describe("answer inspections", () => {
  it("are stored with each answer, hold the would-be prompt and budget in extractive mode, and never reach the employee", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    const events = await drain<AnswerEvent>(
      answer({ db, embedder, model: null }, { question: "How many days of annual leave do employees get?", userId: user.id }),
    );
    const done = events.find((e) => e.type === "done");
    if (done?.type !== "done") throw new Error("no done event");
    expect(done.trace.mode).toBe("extractive");
    // The trace employees receive has no prompt messages or retriever lists.
    expect(JSON.stringify(done.trace)).not.toContain("You are Lore, a test assistant.");
    expect(done.trace).not.toHaveProperty("search");

    const row = await db.message.findUniqueOrThrow({ where: { id: done.message.id }, select: { inspection: true } });
    const inspection = readInspection(row.inspection);
    expect(inspection).not.toBeNull();
    expect(inspection!.principal).toEqual({ kind: "user", userId: user.id });
    expect(inspection!.prompt).toMatchObject({ sent: false });
    const budget = inspection!.prompt!.budget;
    expect(budget.sections.system).toBeGreaterThan(0);
    expect(budget.sections.sources).toBeGreaterThan(0);
    expect(budget.used).toBe(Object.values(budget.sections).reduce((a, b) => a + b, 0));
    expect(inspection!.prompt!.messages[0]).toMatchObject({ role: "system" });
    expect(inspection!.prompt!.messages[0]!.content).toContain("You are Lore, a test assistant.");
    expect(inspection!.search!.fused.length).toBeGreaterThan(0);
    expect(inspection!.search!.fused.some((c) => c.resultRank === 1)).toBe(true);
    // Restricted to hr: the employee's retrievers never saw it.
    expect(inspection!.search!.fused.map((c) => c.title)).not.toContain("Salary bands");

    // What the employee reads back: parts only.
    const conversation = await getConversation(db, { userId: user.id, id: done.message.conversationId });
    const stored = JSON.stringify(conversation);
    expect(stored).not.toContain("inspection");
    expect(stored).not.toContain("You are Lore, a test assistant.");

    // An admin opens the trace, audited.
    const admin = await createTestUser(db, { role: "admin" });
    const view = await readAnswerTrace(db, { messageId: done.message.id }, { actor: { id: admin.id, email: admin.email } });
    expect(view).toMatchObject({ question: "How many days of annual leave do employees get?", asker: { id: user.id } });
    expect(view.answer).toContain("27 days");
    expect(view.inspection?.prompt?.budget.window).toBe(8192);
    expect(await db.auditLog.findFirst({ where: { action: "inspector.trace_read", targetId: done.message.id } })).not.toBeNull();
    await expect(readAnswerTrace(db, { messageId: "missing" }, { actor: { id: admin.id } })).rejects.toMatchObject({ kind: "not_found" });
  });

  it("asks as a group (no user): the group's documents are read, nothing is stored, and the ask is audited", async () => {
    const db = database.prisma;
    const admin = await createTestUser(db, { role: "admin" });
    const before = await db.message.count();
    const reader = { actor: { id: admin.id, email: admin.email } };
    const ask = (asGroupIds: string[]) =>
      drain<InspectEvent>(
        inspectAnswer({ db, embedder, model: null }, { question: "Who sets the salary bands for annual reviews?", asGroupIds }, reader),
      );

    const asHr = await ask([hrGroupId]);
    const inspection = asHr.find((e) => e.type === "inspection");
    if (inspection?.type !== "inspection") throw new Error("no inspection event");
    expect(inspection.inspection.principal).toEqual({ kind: "groups", groupIds: [hrGroupId] });
    expect(inspection.inspection.search!.fused.map((c) => c.title)).toContain("Salary bands");
    expect(asHr.map((e) => e.type).indexOf("inspection")).toBe(asHr.length - 2);

    // As no group: public documents only (an admin asking gets no more).
    const asNobody = await ask([]);
    const none = asNobody.find((e) => e.type === "inspection");
    if (none?.type !== "inspection") throw new Error("no inspection event");
    expect(none.inspection.search?.fused.map((c) => c.title) ?? []).not.toContain("Salary bands");

    expect(await db.message.count()).toBe(before);
    const audit = await db.auditLog.findMany({ where: { actorId: admin.id, action: "inspector.ask" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ targetType: "group", targetId: hrGroupId });
    expect(audit[0]!.data).toMatchObject({
      asGroups: ["hr-inspect"],
      restrictedDocuments: [expect.objectContaining({ groups: ["hr-inspect"] })],
    });
  });
});
