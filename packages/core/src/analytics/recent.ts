/** The latest questions of a range, each with the answer it got: what people are asking right now. */
import { Prisma, type PrismaClient } from "@lore/db";
import { inRangeSql, type CheckedRange } from "./range";
import { questionTextSql } from "./sql";

export interface RecentQuestion {
  questionId: string;
  text: string;
  askedAt: Date;
  /** The answer to it (the first assistant message after it), null while none was stored. */
  answerId: string | null;
  /** That answer's mode (model, extractive, standard, not_found), null if unknown. */
  mode: string | null;
}

/** The range's `limit` newest questions. */
export function recentQuestions(db: PrismaClient, range: CheckedRange, limit = 10): Promise<RecentQuestion[]> {
  return db.$queryRaw<RecentQuestion[]>`
    SELECT u.id AS "questionId", ${questionTextSql(Prisma.sql`u.parts`)} AS text, u.created_at AS "askedAt",
           a.id AS "answerId", a.mode
    FROM messages u
    LEFT JOIN LATERAL (
      SELECT a.id, a.mode FROM messages a
      WHERE a.conversation_id = u.conversation_id AND a.role = 'assistant' AND a.created_at >= u.created_at
      ORDER BY a.created_at, a.id
      LIMIT 1
    ) a ON TRUE
    WHERE u.role = 'user' AND ${inRangeSql(Prisma.sql`u.created_at`, range)}
    ORDER BY u.created_at DESC, u.id DESC
    LIMIT ${limit}`;
}
