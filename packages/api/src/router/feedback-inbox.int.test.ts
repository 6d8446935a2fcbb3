import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

/** An exchange in the employee's own conversation, rated by them through feedback.submit. */
async function ratedAnswer(employee: { id: string; cookie: string }, question: string, answer: string, rating: 1 | -1, comment?: string) {
  const conversationId = randomUUID();
  await h.db.conversation.create({ data: { id: conversationId, userId: employee.id } });
  await h.db.message.create({ data: { id: randomUUID(), conversationId, role: "user", parts: [{ type: "text", text: question }] } });
  const messageId = randomUUID();
  await h.db.message.create({
    data: {
      id: messageId,
      conversationId,
      role: "assistant",
      parts: [{ type: "text", text: answer }],
      createdAt: new Date(Date.now() + 1),
    },
  });
  await (await h.callerFor(employee.cookie)).feedback.submit({ messageId, rating, ...(comment ? { comment } : {}) });
  return messageId;
}

describe("admin.feedback", () => {
  it("lists thumbs-down first, opens one (audited), converts it through an example, and dismisses another", async () => {
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    const caller = await h.callerFor(admin.cookie);
    expect(await errorCode((await h.callerFor(employee.cookie)).admin.feedback.list({}))).toBe("FORBIDDEN");

    await ratedAnswer(employee, "Where is the canteen?", "Floor 2.", 1);
    const badId = await ratedAnswer(employee, "How many leave days?", "Ten.", -1, "It is 25");
    await ratedAnswer(employee, "Can I work remotely?", "Maybe.", -1);
    const { items } = await caller.admin.feedback.list({});
    expect(items.map((i) => i.rating)).toEqual([-1, -1, 1]);
    const bad = items.find((i) => i.messageId === badId)!;
    expect(bad).toMatchObject({ question: "How many leave days?", answerExcerpt: "Ten.", comment: "It is 25", status: "new" });

    const opened = await caller.admin.feedback.get({ id: bad.id });
    expect(opened.answer).toBe("Ten.");
    expect(await h.db.auditLog.count({ where: { action: "feedback.read", targetId: bad.id } })).toBe(1);

    const example = await caller.admin.examples.create({ question: opened.question, answer: "25 days a year.", feedbackId: bad.id });
    expect((await caller.admin.feedback.list({ status: "converted" })).items.map((i) => [i.id, i.exampleId])).toEqual([
      [bad.id, example.id],
    ]);
    expect(await errorCode(caller.admin.examples.create({ question: "Again?", answer: "x", feedbackId: bad.id }))).toBe("CONFLICT");
    expect(await errorCode(caller.admin.feedback.dismiss({ id: bad.id }))).toBe("CONFLICT");

    const other = (await caller.admin.feedback.list({})).items[0]!;
    await caller.admin.feedback.dismiss({ id: other.id });
    expect((await caller.admin.feedback.list({ status: "dismissed" })).items.map((i) => i.id)).toEqual([other.id]);
    expect(await errorCode(caller.admin.feedback.get({ id: "nope" }))).toBe("NOT_FOUND");
  });
});
