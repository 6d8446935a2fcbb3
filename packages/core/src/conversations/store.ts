/**
 * Conversations and their messages as the answer pipeline writes them: the user's message before anything is
 * generated, the assistant's when it ends (complete, stopped or failed, with whatever text it had). Only the
 * owner ever reads or writes a conversation; anyone else gets the same "not found" as for one that does not exist,
 * and so does the owner for one they deleted (archived, until the maintenance job purges it: ./purge.ts).
 */
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@lore/db";
import { LoreError } from "../errors/lore-error";
import type { HistoryTurn } from "../prompt/types";
import type { MessagePart, MessageStatus, StoredMessage } from "../answer/events";

export class ConversationError extends LoreError<"CONVERSATION_NOT_FOUND" | "MESSAGE_NOT_FOUND"> {
  override readonly name = "ConversationError";
  constructor(code: "CONVERSATION_NOT_FOUND" | "MESSAGE_NOT_FOUND", message: string) {
    super(code, "not_found", message);
  }
}

export const CONVERSATION_NOT_FOUND = "That conversation does not exist (or is not yours).";

/** Longest title made from a first question. */
const TITLE_CHARS = 80;

export function titleFrom(question: string): string {
  const line = question.replace(/\s+/g, " ").trim();
  if (line.length <= TITLE_CHARS) return line || "New conversation";
  const cut = line.slice(0, TITLE_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), TITLE_CHARS - 20)).trimEnd()}…`;
}

/** Throws not found unless the conversation exists, is the user's and is not deleted (archived). */
export async function requireOwnConversation(db: PrismaClient, userId: string, id: string): Promise<void> {
  const found = await db.conversation.findFirst({ where: { id, userId, archivedAt: null }, select: { id: true } });
  if (!found) throw new ConversationError("CONVERSATION_NOT_FOUND", CONVERSATION_NOT_FOUND);
}

/** The user's conversation, or a new one titled from the question; throws not found for anyone else's. */
export async function openConversation(
  db: PrismaClient,
  params: { userId: string; conversationId?: string; question: string; promptConfigId: string | null },
): Promise<{ id: string; created: boolean }> {
  if (params.conversationId) {
    const found = await db.conversation.findFirst({
      where: { id: params.conversationId, userId: params.userId, archivedAt: null },
      select: { id: true },
    });
    if (!found) throw new ConversationError("CONVERSATION_NOT_FOUND", CONVERSATION_NOT_FOUND);
    return { id: found.id, created: false };
  }
  const id = randomUUID();
  await db.conversation.create({
    data: { id, userId: params.userId, title: titleFrom(params.question), promptConfigId: params.promptConfigId },
  });
  return { id, created: true };
}

function textOf(parts: unknown): string {
  if (!Array.isArray(parts)) return "";
  return parts
    .filter((p): p is { type: "text"; text: string } => typeof p === "object" && p !== null && (p as { type?: unknown }).type === "text")
    .map((p) => p.text)
    .join("");
}

/** The last `turns` complete turns of a conversation, oldest first (for the prompt's history). */
export async function conversationHistory(db: PrismaClient, conversationId: string, turns: number): Promise<HistoryTurn[]> {
  if (turns <= 0) return [];
  const rows = await db.message.findMany({
    where: { conversationId, role: { in: ["user", "assistant"] }, status: { in: ["complete", "stopped"] } },
    orderBy: { createdAt: "desc" },
    take: turns,
    select: { role: true, parts: true },
  });
  return rows
    .reverse()
    .map((r) => ({ role: r.role as "user" | "assistant", content: textOf(r.parts) }))
    .filter((t) => t.content.trim() !== "");
}

function toStored(row: {
  id: string;
  conversationId: string;
  role: string;
  status: string;
  parts: unknown;
  createdAt: Date;
}): StoredMessage {
  return {
    id: row.id,
    conversationId: row.conversationId,
    role: row.role as StoredMessage["role"],
    status: row.status as MessageStatus,
    parts: (Array.isArray(row.parts) ? row.parts : []) as MessagePart[],
    createdAt: row.createdAt,
  };
}

export async function storeUserMessage(db: PrismaClient, conversationId: string, question: string): Promise<StoredMessage> {
  const row = await db.message.create({
    data: { id: randomUUID(), conversationId, role: "user", status: "complete", parts: [{ type: "text", text: question }] },
  });
  return toStored(row);
}

export interface AssistantMessageInput {
  id: string;
  conversationId: string;
  status: Exclude<MessageStatus, "streaming">;
  parts: MessagePart[];
  promptConfigId: string | null;
  model: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  /** Admin-only detail for the inspector (exact prompt messages, each retriever's list); never sent to employees. */
  inspection?: unknown;
}

/** The answer's mode, from its trace part (null for a message without one). */
function modeOf(parts: MessagePart[]): string | null {
  for (const part of parts) if (part.type === "trace") return part.trace.mode;
  return null;
}

/** One row per citation, so a document's citing answers and the most-cited documents are index scans. */
function citationRows(messageId: string, parts: MessagePart[]): Prisma.AnswerCitationCreateManyInput[] {
  return parts.flatMap((part) =>
    part.type === "citations"
      ? part.citations.map((c) => ({ id: randomUUID(), messageId, documentId: c.documentId, versionId: c.versionId, chunkId: c.chunkId }))
      : [],
  );
}

/**
 * Writes the assistant's message with its mode and citation rows (one short transaction) and touches the
 * conversation so it sorts first. A citation whose document was deleted meanwhile is left out of the rows
 * (the message keeps it in its parts).
 */
export async function storeAssistantMessage(db: PrismaClient, input: AssistantMessageInput): Promise<StoredMessage> {
  const citations = citationRows(input.id, input.parts);
  const existing = citations.length
    ? new Set(
        (await db.document.findMany({ where: { id: { in: [...new Set(citations.map((c) => c.documentId))] } }, select: { id: true } })).map(
          (d) => d.id,
        ),
      )
    : new Set<string>();
  const [row] = await db.$transaction([
    db.message.create({
      data: {
        id: input.id,
        conversationId: input.conversationId,
        role: "assistant",
        status: input.status,
        parts: input.parts as unknown as Prisma.InputJsonValue,
        promptConfigId: input.promptConfigId,
        model: input.model,
        inputTokens: input.inputTokens,
        outputTokens: input.outputTokens,
        latencyMs: input.latencyMs,
        mode: modeOf(input.parts),
        ...(input.inspection === undefined ? {} : { inspection: input.inspection as Prisma.InputJsonValue }),
      },
    }),
    db.answerCitation.createMany({ data: citations.filter((c) => existing.has(c.documentId)) }),
    db.conversation.update({ where: { id: input.conversationId }, data: { updatedAt: new Date() } }),
  ]);
  return toStored(row);
}
