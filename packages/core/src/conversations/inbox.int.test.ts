/**
 * The feedback inbox on a real (embedded) database: thumbs-down first then the newest, keyset pages, the question
 * read from the message before the answer, audited reads, dismissing, and converting through createExample.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createExample } from "../fewshot/manage";
import { getActiveEmbedder } from "../knowledge-base/embedding-models/models";
import { hashing } from "../testing/embedding-models";
import { dismissFeedback, getFeedbackItem, listFeedback } from "./inbox";

const db = useTestDatabase();
const admin = { id: randomUUID(), email: "inbox-admin@test.lore" };
let employee: string;
let clock = Date.parse("2026-11-01T09:00:00Z");

/** One exchange (question, answer) in a fresh conversation, rated `rating`; returns the feedback id. */
async function rated(question: string, answer: string, rating: 1 | -1, comment: string | null = null): Promise<string> {
  const conversationId = randomUUID();
  await db.prisma.conversation.create({ data: { id: conversationId, userId: employee } });
  const at = () => new Date((clock += 1000));
  await db.prisma.message.create({
    data: { id: randomUUID(), conversationId, role: "user", parts: [{ type: "text", text: question }], createdAt: at() },
  });
  const answerId = randomUUID();
  await db.prisma.message.create({
    data: {
      id: answerId,
      conversationId,
      role: "assistant",
      mode: "extractive",
      parts: [
        { type: "text", text: answer },
        {
          type: "citations",
          citations: [{ n: 1, chunkId: "c1", documentId: "d1", versionId: "v1", title: "Handbook", headingPath: [], attached: false }],
        },
      ],
      createdAt: at(),
    },
  });
  const id = randomUUID();
  await db.prisma.feedback.create({ data: { id, messageId: answerId, userId: employee, rating, comment, createdAt: at() } });
  return id;
}

beforeAll(async () => {
  employee = randomUUID();
  await db.prisma.user.create({ data: { id: employee, name: "Employee", email: "employee@test.lore" } });
  await db.prisma.user.create({ data: { id: admin.id, name: "Admin", email: admin.email, role: "admin" } });
});

describe("the feedback inbox", () => {
  it("lists thumbs-down first, then the newest, page by page, with the question and answer", async () => {
    const upOld = await rated("Q1 up old?", "A1", 1);
    const downOld = await rated("Q2 down old?", "A2", -1, "Wrong number of days");
    const upNew = await rated("Q3 up new?", "A3", 1);
    const downNew = await rated("Q4 down new?", "A4", -1);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listFeedback(db.prisma, { limit: 3, cursor });
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toEqual([downNew, downOld, upNew, upOld]);
    const { items } = await listFeedback(db.prisma, { rating: -1 });
    expect(items.map((i) => [i.question, i.answerExcerpt, i.comment])).toEqual([
      ["Q4 down new?", "A4", null],
      ["Q2 down old?", "A2", "Wrong number of days"],
    ]);
    expect(items[0]!.ratedBy.email).toBe("employee@test.lore");
  });

  it("audits opening one, dismisses, and converts through an example in the same transaction", async () => {
    const dismissed = await rated("Is the office open on Sunday?", "Yes.", -1);
    const item = await getFeedbackItem(db.prisma, dismissed, { actor: admin });
    expect(item).toMatchObject({ question: "Is the office open on Sunday?", answer: "Yes.", rating: -1, status: "new" });
    expect(item.citations.map((c) => c.title)).toEqual(["Handbook"]);
    expect(await db.prisma.auditLog.count({ where: { action: "feedback.read", targetId: dismissed } })).toBe(1);

    await dismissFeedback(db.prisma, dismissed, admin);
    expect((await listFeedback(db.prisma, { status: "dismissed" })).items.map((i) => i.id)).toEqual([dismissed]);
    expect((await listFeedback(db.prisma)).items.map((i) => i.id)).not.toContain(dismissed);

    const converted = await rated("How many leave days?", "Twenty.", -1);
    const embedder = await getActiveEmbedder(db.prisma, { config: hashing(384) });
    const fields = { question: "How many leave days?", answer: "Twenty-five.", tags: [], documentIds: [], pinned: false, enabled: true };
    const example = await createExample(db.prisma, () => Promise.resolve(embedder), fields, admin, { feedbackId: converted });
    const row = await db.prisma.feedback.findUniqueOrThrow({ where: { id: converted } });
    expect(row).toMatchObject({ status: "converted", exampleId: example.id, handledById: admin.id });
    const stored = await db.prisma.fewShotExample.findUniqueOrThrow({ where: { id: example.id } });
    expect(stored.sourceMessageId).toBe((await getFeedbackItem(db.prisma, converted, { actor: admin })).messageId);

    // Twice: a conflict, and the second example is not saved.
    const before = await db.prisma.fewShotExample.count();
    await expect(createExample(db.prisma, () => Promise.resolve(embedder), fields, admin, { feedbackId: converted })).rejects.toMatchObject(
      {
        code: "FEEDBACK_HANDLED",
      },
    );
    expect(await db.prisma.fewShotExample.count()).toBe(before);
    await expect(dismissFeedback(db.prisma, converted, admin)).rejects.toMatchObject({ code: "FEEDBACK_HANDLED" });
    expect(await db.prisma.auditLog.count({ where: { action: "feedback.converted", targetId: converted } })).toBe(1);
  });
});
