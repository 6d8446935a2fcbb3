/**
 * Any past answer as the inspector shows it: the question it answered, its text, sources and citations, its
 * trace, and its inspection. Reading it means reading an employee's conversation, so each read is audited
 * (`inspector.trace_read`).
 */
import type { PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../audit/record";
import { LoreError } from "../errors/lore-error";
import type { AnswerTrace, MessagePart, SourceView } from "./events";
import type { Citation } from "./citations";
import { readInspection, type AnswerInspection } from "./inspection";

export class AnswerTraceError extends LoreError<"MESSAGE_NOT_FOUND"> {
  override readonly name = "AnswerTraceError";
}

export interface AnswerTraceView {
  messageId: string;
  conversationId: string;
  createdAt: Date;
  status: string;
  asker: { id: string; name: string; email: string };
  question: string;
  answer: string;
  sources: SourceView[];
  citations: Citation[];
  trace: AnswerTrace | null;
  inspection: AnswerInspection | null;
}

type Reader = { actor: NonNullable<AuditEntry["actor"]>; ip?: string | null };

const partsOf = (value: unknown): MessagePart[] => (Array.isArray(value) ? (value as MessagePart[]) : []);
const textOf = (parts: MessagePart[]) => parts.map((p) => (p.type === "text" ? p.text : "")).join("");

export async function readAnswerTrace(db: PrismaClient, params: { messageId: string }, reader: Reader): Promise<AnswerTraceView> {
  const message = await db.message.findFirst({
    where: { id: params.messageId, role: "assistant" },
    select: {
      id: true,
      conversationId: true,
      createdAt: true,
      status: true,
      parts: true,
      inspection: true,
      conversation: { select: { user: { select: { id: true, name: true, email: true } } } },
    },
  });
  if (!message)
    throw new AnswerTraceError(
      "MESSAGE_NOT_FOUND",
      "not_found",
      "That answer does not exist (any more): its conversation may have been deleted.",
    );
  // The question is the user's message just before the answer.
  const question = await db.message.findFirst({
    where: { conversationId: message.conversationId, role: "user", createdAt: { lte: message.createdAt }, id: { not: message.id } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { parts: true },
  });
  const parts = partsOf(message.parts);
  const find = <T extends MessagePart["type"]>(type: T) =>
    parts.find((p) => p.type === type) as Extract<MessagePart, { type: T }> | undefined;
  await recordAudit(db, {
    actor: reader.actor,
    action: "inspector.trace_read",
    targetType: "message",
    targetId: message.id,
    data: { conversationId: message.conversationId, askerId: message.conversation.user.id },
    ip: reader.ip ?? null,
  });
  return {
    messageId: message.id,
    conversationId: message.conversationId,
    createdAt: message.createdAt,
    status: message.status,
    asker: message.conversation.user,
    question: question ? textOf(partsOf(question.parts)) : (find("trace")?.trace.question ?? ""),
    answer: textOf(parts),
    sources: find("sources")?.sources ?? [],
    citations: find("citations")?.citations ?? [],
    trace: find("trace")?.trace ?? null,
    inspection: readInspection(message.inspection),
  };
}
