/**
 * Activity per day: questions asked, how they were answered, and how people rated the answers. Each figure is
 * one statement over an index range (messages by role and date; feedback by date), with every day of the range
 * present, zero when nothing happened.
 */
import { Prisma, type PrismaClient } from "@lore/db";
import { daySeriesSql, inRangeSql, localDaySql, type CheckedRange } from "./range";

/** Answer modes that gave an answer (answer/events.ts AnswerMode); `not_found` is the refusal. */
export const ANSWERED_MODES = ["model", "extractive", "standard"] as const;
export const NOT_FOUND_MODE = "not_found";

export interface MessagesDay {
  /** `YYYY-MM-DD` in the range's time zone. */
  day: string;
  /** Questions asked (user messages). */
  questions: number;
  /** Answers that answered (a model, the extractive default, or a curated example's answer). */
  answered: number;
  /** Answers that said nothing relevant was found. */
  notFound: number;
  /** Answers with no recorded mode (stopped or failed before the pipeline chose one). */
  unknown: number;
}

/** Questions and answers per day, by outcome. */
export async function messagesPerDay(db: PrismaClient, range: CheckedRange): Promise<MessagesDay[]> {
  const created = Prisma.sql`m.created_at`;
  return db.$queryRaw<MessagesDay[]>`
    WITH days AS (${daySeriesSql(range)}),
    counts AS (
      SELECT ${localDaySql(created, range)} AS day,
             count(*) FILTER (WHERE m.role = 'user')::int AS questions,
             count(*) FILTER (WHERE m.role = 'assistant' AND m.mode = ANY(${[...ANSWERED_MODES]}::text[]))::int AS answered,
             count(*) FILTER (WHERE m.role = 'assistant' AND m.mode = ${NOT_FOUND_MODE})::int AS "notFound",
             count(*) FILTER (WHERE m.role = 'assistant' AND (m.mode IS NULL
                               OR NOT (m.mode = ANY(${[...ANSWERED_MODES, NOT_FOUND_MODE]}::text[]))))::int AS unknown
      FROM messages m
      WHERE m.role IN ('user', 'assistant') AND ${inRangeSql(created, range)}
      GROUP BY 1
    )
    SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
           coalesce(c.questions, 0) AS questions, coalesce(c.answered, 0) AS answered,
           coalesce(c."notFound", 0) AS "notFound", coalesce(c.unknown, 0) AS unknown
    FROM days LEFT JOIN counts c ON c.day = days.day
    ORDER BY days.day`;
}

export interface RatingsDay {
  day: string;
  up: number;
  down: number;
}

/** Thumbs up and down per day, by the day they were given. */
export async function ratingsPerDay(db: PrismaClient, range: CheckedRange): Promise<RatingsDay[]> {
  const created = Prisma.sql`f.created_at`;
  return db.$queryRaw<RatingsDay[]>`
    WITH days AS (${daySeriesSql(range)}),
    counts AS (
      SELECT ${localDaySql(created, range)} AS day,
             count(*) FILTER (WHERE f.rating > 0)::int AS up,
             count(*) FILTER (WHERE f.rating < 0)::int AS down
      FROM feedback f
      WHERE ${inRangeSql(created, range)}
      GROUP BY 1
    )
    SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(c.up, 0) AS up, coalesce(c.down, 0) AS down
    FROM days LEFT JOIN counts c ON c.day = days.day
    ORDER BY days.day`;
}

export interface ActivityTotals {
  questions: number;
  answered: number;
  notFound: number;
  unknown: number;
  /** notFound / (answered + notFound), or null when no answer had a known outcome. */
  notFoundShare: number | null;
  thumbsUp: number;
  thumbsDown: number;
  /** up / (up + down), or null without ratings. */
  thumbsUpRatio: number | null;
}

/** The range's totals, summed from the per-day rows. */
export function activityTotals(messages: readonly MessagesDay[], ratings: readonly RatingsDay[]): ActivityTotals {
  const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const answered = sum(messages, (d) => d.answered);
  const notFound = sum(messages, (d) => d.notFound);
  const thumbsUp = sum(ratings, (d) => d.up);
  const thumbsDown = sum(ratings, (d) => d.down);
  return {
    questions: sum(messages, (d) => d.questions),
    answered,
    notFound,
    unknown: sum(messages, (d) => d.unknown),
    notFoundShare: answered + notFound === 0 ? null : notFound / (answered + notFound),
    thumbsUp,
    thumbsDown,
    thumbsUpRatio: thumbsUp + thumbsDown === 0 ? null : thumbsUp / (thumbsUp + thumbsDown),
  };
}
