/**
 * The feedback inbox: answers employees rated, thumbs-down first, then the newest, for admins to dismiss or turn
 * into a curated example (fewshot/manage.ts `createExample` with a `feedbackId` marks it converted in its own
 * transaction). A list row carries the question and the answer's start; opening one (`getFeedbackItem`) reads the
 * employee's conversation in full and is audited (`feedback.read`). Deleting a conversation (or its purge) takes
 * its feedback with it: the inbox forgets what employees deleted.
 */
import { Prisma, type PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry, type Db } from "../audit/record";
import { LoreError } from "../errors/lore-error";
import type { Citation } from "../answer/citations";
import type { MessagePart } from "../answer/events";

export type FeedbackStatus = "new" | "dismissed" | "converted";
export const FEEDBACK_STATUSES = ["new", "dismissed", "converted"] as const satisfies readonly FeedbackStatus[];

export interface ListFeedbackParams {
  /** Default "new". */
  status?: FeedbackStatus | undefined;
  /** Only thumbs-down (-1) or thumbs-up (1). */
  rating?: 1 | -1 | undefined;
  /** The last id of the previous page. */
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface FeedbackPerson {
  id: string;
  name: string;
  email: string;
}

export interface FeedbackListItem {
  id: string;
  rating: 1 | -1;
  comment: string | null;
  status: FeedbackStatus;
  createdAt: Date;
  messageId: string;
  /** The user message before the rated answer. */
  question: string;
  /** The answer's first characters (the whole answer: `getFeedbackItem`). */
  answerExcerpt: string;
  mode: string | null;
  ratedBy: FeedbackPerson;
  exampleId: string | null;
}

export const DEFAULT_FEEDBACK_PAGE = 25;
const EXCERPT_CHARS = 280;

class FeedbackError extends LoreError<"FEEDBACK_NOT_FOUND" | "FEEDBACK_HANDLED"> {}
const notFound = () =>
  new FeedbackError("FEEDBACK_NOT_FOUND", "not_found", "That feedback does not exist (its conversation may have been deleted).");

/** The text of a stored message's parts. */
function textOf(parts: unknown): string {
  if (!Array.isArray(parts)) return "";
  return (parts as MessagePart[])
    .filter((p): p is Extract<MessagePart, { type: "text" }> => p?.type === "text")
    .map((p) => p.text)
    .join("");
}

function citationsOf(parts: unknown): Citation[] {
  if (!Array.isArray(parts)) return [];
  const part = (parts as MessagePart[]).find((p): p is Extract<MessagePart, { type: "citations" }> => p?.type === "citations");
  return part?.citations ?? [];
}

interface FeedbackRow {
  id: string;
  rating: number;
  comment: string | null;
  status: string;
  createdAt: Date;
  messageId: string;
  answerParts: unknown;
  questionParts: unknown;
  mode: string | null;
  conversationId: string;
  exampleId: string | null;
  handledAt: Date | null;
  ratedBy: FeedbackPerson;
  handledBy: FeedbackPerson | null;
}

/** Reads feedback rows with their answer and question (the latest user message before the answer). */
function feedbackRows(db: Pick<PrismaClient, "$queryRaw">, where: Prisma.Sql, limit: number) {
  return db.$queryRaw<FeedbackRow[]>`
    SELECT f.id, f.rating, f.comment, f.status, f.created_at AS "createdAt", f.message_id AS "messageId",
           f.example_id AS "exampleId", f.handled_at AS "handledAt",
           m.parts AS "answerParts", m.mode, m.conversation_id AS "conversationId",
           (SELECT q.parts FROM messages q
            WHERE q.conversation_id = m.conversation_id AND q.role = 'user' AND (q.created_at, q.id) < (m.created_at, m.id)
            ORDER BY q.created_at DESC, q.id DESC LIMIT 1) AS "questionParts",
           jsonb_build_object('id', u.id, 'name', u.name, 'email', u.email) AS "ratedBy",
           CASE WHEN h.id IS NULL THEN NULL ELSE jsonb_build_object('id', h.id, 'name', h.name, 'email', h.email) END AS "handledBy"
    FROM feedback f
    JOIN messages m ON m.id = f.message_id
    JOIN users u ON u.id = f.user_id
    LEFT JOIN users h ON h.id = f.handled_by_id
    WHERE ${where}
    ORDER BY f.rating ASC, f.created_at DESC, f.id DESC
    LIMIT ${limit}`;
}

/** One page of the inbox: thumbs-down first, then the newest (keyset on rating, created_at, id). */
export async function listFeedback(
  db: PrismaClient,
  params: ListFeedbackParams = {},
): Promise<{ items: FeedbackListItem[]; nextCursor: string | null }> {
  const limit = params.limit ?? DEFAULT_FEEDBACK_PAGE;
  const conditions: Prisma.Sql[] = [Prisma.sql`f.status = ${params.status ?? "new"}`];
  if (params.rating !== undefined) conditions.push(Prisma.sql`f.rating = ${params.rating}`);
  if (params.cursor) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM feedback c WHERE c.id = ${params.cursor}
      AND (f.rating > c.rating OR (f.rating = c.rating AND (f.created_at, f.id) < (c.created_at, c.id))))`);
  }
  const rows = await feedbackRows(db, Prisma.join(conditions, " AND "), limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => {
      const answer = textOf(r.answerParts);
      return {
        id: r.id,
        rating: r.rating < 0 ? -1 : 1,
        comment: r.comment,
        status: r.status as FeedbackStatus,
        createdAt: r.createdAt,
        messageId: r.messageId,
        question: textOf(r.questionParts),
        answerExcerpt: answer.length > EXCERPT_CHARS ? `${answer.slice(0, EXCERPT_CHARS).trimEnd()}…` : answer,
        mode: r.mode,
        ratedBy: r.ratedBy,
        exampleId: r.exampleId,
      };
    }),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}

/**
 * One rated answer in full (question, answer, its citations, the comment), for the inbox and the example editor's
 * prefill. Reading an employee's conversation this way is audited (`feedback.read`).
 */
export async function getFeedbackItem(db: PrismaClient, id: string, reader: { actor: AuditEntry["actor"]; ip?: string | null }) {
  const [row] = await feedbackRows(db, Prisma.sql`f.id = ${id}`, 1);
  if (!row) throw notFound();
  await recordAudit(db, {
    actor: reader.actor,
    action: "feedback.read",
    targetType: "feedback",
    targetId: id,
    data: { messageId: row.messageId, conversationId: row.conversationId, ratedBy: row.ratedBy.email },
    ip: reader.ip ?? null,
  });
  return {
    id: row.id,
    rating: (row.rating < 0 ? -1 : 1) as 1 | -1,
    comment: row.comment,
    status: row.status as FeedbackStatus,
    createdAt: row.createdAt,
    messageId: row.messageId,
    question: textOf(row.questionParts),
    answer: textOf(row.answerParts),
    citations: citationsOf(row.answerParts),
    mode: row.mode,
    ratedBy: row.ratedBy,
    handledBy: row.handledBy,
    handledAt: row.handledAt,
    exampleId: row.exampleId,
  };
}

/** Sets aside feedback that needs no example, audited. Feedback already converted cannot be dismissed. */
export async function dismissFeedback(
  db: PrismaClient,
  id: string,
  actor: AuditEntry["actor"],
): Promise<{ id: string; status: FeedbackStatus }> {
  return db.$transaction(async (tx) => {
    const row = await tx.feedback.findUnique({ where: { id }, select: { status: true } });
    if (!row) throw notFound();
    if (row.status === "converted")
      throw new FeedbackError("FEEDBACK_HANDLED", "conflict", "This feedback was already turned into an example.");
    await tx.feedback.update({ where: { id }, data: { status: "dismissed", handledById: actor?.id ?? null, handledAt: new Date() } });
    await recordAudit(tx, { actor, action: "feedback.dismissed", targetType: "feedback", targetId: id });
    return { id, status: "dismissed" as const };
  });
}

/**
 * Marks feedback converted into `exampleId`, audited: called inside the example's creating transaction, so the
 * two happen together or not at all. Feedback already converted is a conflict (two admins on the same item).
 */
export async function markFeedbackConverted(
  tx: Db,
  params: { feedbackId: string; exampleId: string },
  actor: AuditEntry["actor"],
): Promise<void> {
  const row = await tx.feedback.findUnique({ where: { id: params.feedbackId }, select: { status: true } });
  if (!row) throw notFound();
  if (row.status === "converted") {
    throw new FeedbackError("FEEDBACK_HANDLED", "conflict", "This feedback was already turned into an example; open that example instead.");
  }
  await tx.feedback.update({
    where: { id: params.feedbackId },
    data: { status: "converted", exampleId: params.exampleId, handledById: actor?.id ?? null, handledAt: new Date() },
  });
  await recordAudit(tx, {
    actor,
    action: "feedback.converted",
    targetType: "feedback",
    targetId: params.feedbackId,
    data: { exampleId: params.exampleId },
  });
}
