/**
 * What the analytics page shows for a range, minus the knowledge gaps (which embed, see gaps.ts): each figure
 * is its own bounded statement, run one after the other (on the embedded database they would queue anyway).
 */
import type { PrismaClient } from "@lore/db";
import { activityTotals, messagesPerDay, ratingsPerDay, type ActivityTotals } from "./activity";
import { mostCitedDocuments, type CitedDocument } from "./citations";
import { checkRange, type AnalyticsRange, type CheckedRange } from "./range";
import { recentQuestions, type RecentQuestion } from "./recent";
import { staleExamples, type StaleExamplesResult } from "./stale";

export interface AnalyticsDay {
  day: string;
  questions: number;
  answered: number;
  notFound: number;
  unknown: number;
  thumbsUp: number;
  thumbsDown: number;
}

export interface AnalyticsSummary {
  range: CheckedRange;
  totals: ActivityTotals;
  days: AnalyticsDay[];
  mostCited: CitedDocument[];
  staleExamples: StaleExamplesResult;
  recentQuestions: RecentQuestion[];
}

export interface AnalyticsSummaryOptions {
  /** Rows of each list (most cited, stale examples, recent questions); default 10. */
  listLimit?: number;
}

/** The range's figures (see the file comment). Throws a LoreError (bad_request) for a range checkRange refuses. */
export async function analyticsSummary(
  db: PrismaClient,
  input: AnalyticsRange,
  options: AnalyticsSummaryOptions = {},
): Promise<AnalyticsSummary> {
  const range = checkRange(input);
  const limit = options.listLimit ?? 10;
  const messages = await messagesPerDay(db, range);
  const ratings = await ratingsPerDay(db, range);
  const ratingsByDay = new Map(ratings.map((r) => [r.day, r]));
  return {
    range,
    totals: activityTotals(messages, ratings),
    days: messages.map((m) => ({ ...m, thumbsUp: ratingsByDay.get(m.day)?.up ?? 0, thumbsDown: ratingsByDay.get(m.day)?.down ?? 0 })),
    mostCited: await mostCitedDocuments(db, range, limit),
    staleExamples: await staleExamples(db, limit),
    recentQuestions: await recentQuestions(db, range, limit),
  };
}
