// Soft delete: an archived conversation is invisible to its owner exactly like someone else's, until restored
// or purged after the grace period.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createTestUser } from "../testing/users";
import {
  ARCHIVED_CONVERSATION_GRACE_MS,
  deleteConversation,
  getConversation,
  listConversations,
  purgeArchivedConversations,
  renameConversation,
  requireOwnConversation,
  restoreConversation,
  submitFeedback,
} from ".";
import { openConversation } from "./store";

const db = useTestDatabase();

async function seedConversation(userId: string, title: string, updatedAt: Date) {
  const id = randomUUID();
  await db.prisma.conversation.create({ data: { id, userId, title, createdAt: updatedAt, updatedAt } });
  const answerId = randomUUID();
  await db.prisma.message.createMany({
    data: [
      { id: randomUUID(), conversationId: id, role: "user", status: "complete", parts: [{ type: "text", text: `${title}?` }] },
      { id: answerId, conversationId: id, role: "assistant", status: "complete", parts: [{ type: "text", text: "An answer." }] },
    ],
  });
  return { id, answerId };
}

const notFound = { code: "CONVERSATION_NOT_FOUND" };

describe("deleting a conversation", () => {
  it("archives it: gone from list, search, open, rename, feedback and continuation, until restored in its old place", async () => {
    const userId = (await createTestUser(db.prisma, { name: "Archive Test" })).id;
    const older = await seedConversation(userId, "Parking rules", new Date(Date.now() - 60_000));
    const newer = await seedConversation(userId, "Expense policy", new Date());
    const p = db.prisma;

    await deleteConversation(p, { userId, id: older.id });
    expect(await p.conversation.count({ where: { id: older.id, archivedAt: { not: null } } })).toBe(1);
    expect((await listConversations(p, { userId, limit: 10 })).items.map((c) => c.id)).toEqual([newer.id]);
    expect((await listConversations(p, { userId, limit: 10, query: "parking" })).items).toEqual([]);
    await expect(getConversation(p, { userId, id: older.id })).rejects.toMatchObject(notFound);
    await expect(renameConversation(p, { userId, id: older.id, title: "x" })).rejects.toMatchObject(notFound);
    await expect(deleteConversation(p, { userId, id: older.id })).rejects.toMatchObject(notFound);
    await expect(requireOwnConversation(p, userId, older.id)).rejects.toMatchObject(notFound);
    await expect(openConversation(p, { userId, conversationId: older.id, question: "Hi", promptConfigId: null })).rejects.toMatchObject(
      notFound,
    );
    await expect(submitFeedback(p, { userId, messageId: older.answerId, rating: 1 })).rejects.toMatchObject({ code: "MESSAGE_NOT_FOUND" });

    // Restoring puts it back where it was (its last activity is unchanged), and restoring twice is harmless.
    const restored = await restoreConversation(p, { userId, id: older.id });
    expect(restored).toMatchObject({ id: older.id, title: "Parking rules" });
    await restoreConversation(p, { userId, id: older.id });
    expect((await listConversations(p, { userId, limit: 10 })).items.map((c) => c.id)).toEqual([newer.id, older.id]);
    expect((await getConversation(p, { userId, id: older.id })).messages).toHaveLength(2);

    // Renaming does not move it either.
    await renameConversation(p, { userId, id: older.id, title: "Parking" });
    expect((await listConversations(p, { userId, limit: 10 })).items.map((c) => c.title)).toEqual(["Expense policy", "Parking"]);
  });

  it("only the owner can delete or restore", async () => {
    const owner = (await createTestUser(db.prisma, { name: "Owner" })).id;
    const other = (await createTestUser(db.prisma, { name: "Other" })).id;
    const { id } = await seedConversation(owner, "Mine", new Date());
    await expect(deleteConversation(db.prisma, { userId: other, id })).rejects.toMatchObject(notFound);
    await deleteConversation(db.prisma, { userId: owner, id });
    await expect(restoreConversation(db.prisma, { userId: other, id })).rejects.toMatchObject(notFound);
    expect(await db.prisma.conversation.count({ where: { id, archivedAt: null } })).toBe(0);
    await expect(restoreConversation(db.prisma, { userId: owner, id: randomUUID() })).rejects.toMatchObject(notFound);
  });

  it("is purged for good, messages and feedback with it, once the grace period has passed", async () => {
    const userId = (await createTestUser(db.prisma, { name: "Purge Test" })).id;
    const kept = await seedConversation(userId, "Live", new Date());
    const recent = await seedConversation(userId, "Deleted just now", new Date());
    const old = await seedConversation(userId, "Deleted long ago", new Date());
    await submitFeedback(db.prisma, { userId, messageId: old.answerId, rating: -1, comment: "Wrong" });
    const now = new Date();
    await db.prisma.conversation.update({ where: { id: recent.id }, data: { archivedAt: new Date(now.getTime() - 60_000) } });
    await db.prisma.conversation.update({
      where: { id: old.id },
      data: { archivedAt: new Date(now.getTime() - ARCHIVED_CONVERSATION_GRACE_MS - 1000) },
    });

    expect(await purgeArchivedConversations(db.prisma, now)).toBe(1);
    const left = await db.prisma.conversation.findMany({ where: { userId }, select: { id: true } });
    expect(left.map((c) => c.id).sort()).toEqual([kept.id, recent.id].sort());
    expect(await db.prisma.message.count({ where: { conversationId: old.id } })).toBe(0);
    expect(await db.prisma.feedback.count({ where: { messageId: old.answerId } })).toBe(0);
    // Still restorable within the grace period.
    await restoreConversation(db.prisma, { userId, id: recent.id });
    expect(await purgeArchivedConversations(db.prisma, now)).toBe(0);
  });
});
