/**
 * The answers that cited a document (`answer_citations`, written when an assistant message is stored), newest
 * first: the question asked, the start of the answer, who asked and when, which version was cited. Each opens
 * in the inspector (`/inspector/<messageId>`).
 */
import { Prisma, type PrismaClient } from "@lore/db";
import { DocumentError } from "./views";

/** Characters of the answer and question shown in the list. */
const EXCERPT_CHARS = 280;

interface CitingRow {
  message_id: string;
  created_at: Date;
  answer: string | null;
  question: string | null;
  mode: string | null;
  version_id: string | null;
  version: number | null;
  user_id: string | null;
  user_name: string | null;
  user_email: string | null;
}

/**
 * A page of the answers that cited `documentId` (one row per answer even when it cited several chunks), newest
 * first; `cursor` = the previous page's `nextCursor`.
 */
export async function listCitingAnswers(db: PrismaClient, params: { documentId: string; limit?: number; cursor?: string }) {
  const limit = params.limit ?? 20;
  const doc = await db.document.findUnique({ where: { id: params.documentId }, select: { id: true } });
  if (!doc) throw new DocumentError("NOT_FOUND", "That document does not exist.");
  const after = params.cursor ? parseCursor(params.cursor) : null;
  // The message text is in its typed parts: the text parts joined. The question is the user message just before.
  const rows = await db.$queryRaw<CitingRow[]>`
    WITH cited AS (
      SELECT message_id, max(created_at) AS created_at, (array_agg(version_id ORDER BY created_at DESC))[1] AS version_id
      FROM answer_citations WHERE document_id = ${params.documentId}
      GROUP BY message_id
    )
    SELECT c.message_id, c.created_at, c.version_id, v.version, m.mode,
           left(${textOf("m")}, ${EXCERPT_CHARS}) AS answer,
           left((SELECT ${textOf("q")} FROM messages q
                 WHERE q.conversation_id = m.conversation_id AND q.role = 'user' AND q.created_at <= m.created_at
                 ORDER BY q.created_at DESC, q.id DESC LIMIT 1), ${EXCERPT_CHARS}) AS question,
           u.id AS user_id, u.name AS user_name, u.email AS user_email
    FROM cited c
    JOIN messages m ON m.id = c.message_id
    JOIN conversations conv ON conv.id = m.conversation_id
    LEFT JOIN users u ON u.id = conv.user_id
    LEFT JOIN document_versions v ON v.id = c.version_id
    WHERE (${after?.at ?? null}::timestamptz IS NULL OR (c.created_at, c.message_id) < (${after?.at ?? null}::timestamptz, ${after?.id ?? ""}))
    ORDER BY c.created_at DESC, c.message_id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit).map((r) => ({
    messageId: r.message_id,
    citedAt: r.created_at,
    question: r.question ?? "",
    answer: r.answer ?? "",
    mode: r.mode,
    version: r.version_id ? { id: r.version_id, number: r.version } : null,
    askedBy: r.user_id ? { id: r.user_id, name: r.user_name, email: r.user_email } : null,
  }));
  const last = page.at(-1);
  return { items: page, nextCursor: rows.length > limit && last ? `${last.citedAt.toISOString()}_${last.messageId}` : null };
}

/** SQL for a message's text: its text parts, joined (parts that are not text objects are skipped). */
function textOf(alias: "m" | "q"): Prisma.Sql {
  const parts = Prisma.raw(`${alias}.parts`);
  return Prisma.sql`(SELECT string_agg(p.value->>'text', '' ORDER BY p.ordinality)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${parts}) = 'array' THEN ${parts} ELSE '[]'::jsonb END) WITH ORDINALITY AS p(value, ordinality)
    WHERE jsonb_typeof(p.value) = 'object' AND p.value->>'type' = 'text')`;
}

function parseCursor(cursor: string): { at: Date; id: string } {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_(.+)$/.exec(cursor);
  const at = new Date(match?.[1] ?? "");
  if (!match || Number.isNaN(at.getTime()))
    throw new DocumentError("BAD_CURSOR", "That page cursor is not one this list gave out. Reload the list.");
  return { at, id: match[2]! };
}
