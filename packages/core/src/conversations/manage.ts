/**
 * A user's own conversations: list (newest first), open, rename, delete, search, and feedback on answers.
 * Every function takes the user: a conversation or message of someone else, or one the user deleted (archived),
 * is "not found", exactly like one that does not exist.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@lore/db";
import type { MessagePart, StoredMessage } from "../answer/events";
import { CONVERSATION_NOT_FOUND, ConversationError } from "./store";

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: Date;
  createdAt: Date;
}

/** The user's conversations, most recently active first, a page at a time (`cursor`: the last id of the page before). */
export async function listConversations(db: PrismaClient, params: { userId: string; limit: number; cursor?: string; query?: string }) {
  const after = params.cursor
    ? await db.conversation.findFirst({ where: { id: params.cursor, userId: params.userId }, select: { id: true, updatedAt: true } })
    : null;
  if (params.cursor && !after)
    throw new ConversationError("CONVERSATION_NOT_FOUND", "That page of conversations is gone. Reload the list.");
  const search = params.query?.trim();
  const rows = await db.conversation.findMany({
    where: {
      userId: params.userId,
      archivedAt: null,
      ...(after ? { OR: [{ updatedAt: { lt: after.updatedAt } }, { updatedAt: after.updatedAt, id: { lt: after.id } }] } : {}),
      ...(search ? { id: { in: await conversationsMatching(db, params.userId, search) } } : {}),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: params.limit + 1,
    select: { id: true, title: true, updatedAt: true, createdAt: true },
  });
  const items: ConversationSummary[] = rows.slice(0, params.limit);
  return { items, nextCursor: rows.length > params.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Ids of the user's conversations whose title or the text of a message contains `search` (any case). */
async function conversationsMatching(db: PrismaClient, userId: string, search: string): Promise<string[]> {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM conversations c
    WHERE c.user_id = ${userId} AND c.archived_at IS NULL
      AND (c.title ILIKE ${pattern}
        OR EXISTS (
          SELECT 1 FROM messages m, jsonb_array_elements(m.parts) part
          WHERE m.conversation_id = c.id AND part->>'type' = 'text' AND part->>'text' ILIKE ${pattern}))`;
  return rows.map((r) => r.id);
}

/** The user's live conversation; a deleted (archived) one is not found, exactly like someone else's. */
async function owned(db: PrismaClient, userId: string, id: string) {
  const found = await db.conversation.findFirst({
    where: { id, userId, archivedAt: null },
    select: { id: true, title: true, createdAt: true, updatedAt: true },
  });
  if (!found) throw new ConversationError("CONVERSATION_NOT_FOUND", CONVERSATION_NOT_FOUND);
  return found;
}

/** One conversation with its messages in order, each with the user's own feedback on it. */
export async function getConversation(db: PrismaClient, params: { userId: string; id: string }) {
  const conversation = await owned(db, params.userId, params.id);
  const rows = await db.message.findMany({
    where: { conversationId: params.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      conversationId: true,
      role: true,
      status: true,
      parts: true,
      createdAt: true,
      feedback: { where: { userId: params.userId }, select: { rating: true, comment: true } },
    },
  });
  const messages = rows.map((r) => ({
    id: r.id,
    conversationId: r.conversationId,
    role: r.role as StoredMessage["role"],
    status: r.status as StoredMessage["status"],
    parts: (Array.isArray(r.parts) ? r.parts : []) as MessagePart[],
    createdAt: r.createdAt,
    feedback: r.feedback[0] ? { rating: r.feedback[0].rating as 1 | -1, comment: r.feedback[0].comment } : null,
  }));
  return { ...conversation, messages };
}

/** Renames a conversation without moving it in the list (its `updatedAt` is the last activity, kept as it was). */
export async function renameConversation(db: PrismaClient, params: { userId: string; id: string; title: string }) {
  const found = await owned(db, params.userId, params.id);
  return db.conversation.update({
    where: { id: params.id },
    data: { title: params.title, updatedAt: found.updatedAt },
    select: { id: true, title: true },
  });
}

/**
 * Deletes a conversation softly: it is archived, invisible everywhere as if it did not exist, until
 * `restoreConversation` brings it back or the maintenance job purges it for good (./purge.ts). Raw SQL so that
 * Prisma's `@updatedAt` does not move it to the top of the list when restored.
 */
export async function deleteConversation(db: PrismaClient, params: { userId: string; id: string }) {
  const changed = await db.$executeRaw`
    UPDATE conversations SET archived_at = now()
    WHERE id = ${params.id} AND user_id = ${params.userId} AND archived_at IS NULL`;
  if (changed === 0) throw new ConversationError("CONVERSATION_NOT_FOUND", CONVERSATION_NOT_FOUND);
  return { id: params.id };
}

/** Undoes a delete while the conversation is still archived (not yet purged); restoring a live one is a no-op. */
export async function restoreConversation(db: PrismaClient, params: { userId: string; id: string }) {
  await db.$executeRaw`
    UPDATE conversations SET archived_at = NULL
    WHERE id = ${params.id} AND user_id = ${params.userId} AND archived_at IS NOT NULL`;
  const found = await owned(db, params.userId, params.id);
  return { id: found.id, title: found.title, createdAt: found.createdAt, updatedAt: found.updatedAt };
}

/** Thumbs up (1) or down (-1) on an answer of the user's own conversation, with an optional comment; changeable. */
export async function submitFeedback(
  db: PrismaClient,
  params: { userId: string; messageId: string; rating: 1 | -1; comment?: string | null },
) {
  const message = await db.message.findFirst({
    where: { id: params.messageId, role: "assistant", conversation: { userId: params.userId, archivedAt: null } },
    select: { id: true },
  });
  if (!message) throw new ConversationError("MESSAGE_NOT_FOUND", "That answer does not exist (or is not yours).");
  const comment = params.comment?.trim() || null;
  const row = await db.feedback.upsert({
    where: { messageId_userId: { messageId: params.messageId, userId: params.userId } },
    create: { id: randomUUID(), messageId: params.messageId, userId: params.userId, rating: params.rating, comment },
    update: { rating: params.rating, comment },
    select: { messageId: true, rating: true, comment: true },
  });
  return { messageId: row.messageId, rating: row.rating as 1 | -1, comment: row.comment };
}
