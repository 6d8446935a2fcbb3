/** The documents answers cited most in a range: what the knowledge base is actually used for. */
import { Prisma, type PrismaClient } from "@lore/db";
import { inRangeSql, type CheckedRange } from "./range";

export interface CitedDocument {
  documentId: string;
  title: string;
  /** Answers that cited it (an answer citing several of its passages counts once). */
  answers: number;
  lastCitedAt: Date;
}

/**
 * The `limit` documents cited by the most answers in the range, ties broken by the latest citation. Every
 * document counts, whatever its access groups: the reader is an admin.
 */
export function mostCitedDocuments(db: PrismaClient, range: CheckedRange, limit = 10): Promise<CitedDocument[]> {
  return db.$queryRaw<CitedDocument[]>`
    SELECT d.id AS "documentId", d.title, count(DISTINCT c.message_id)::int AS answers, max(c.created_at) AS "lastCitedAt"
    FROM answer_citations c
    JOIN documents d ON d.id = c.document_id
    WHERE ${inRangeSql(Prisma.sql`c.created_at`, range)}
    GROUP BY d.id, d.title
    ORDER BY answers DESC, "lastCitedAt" DESC, d.id
    LIMIT ${limit}`;
}
