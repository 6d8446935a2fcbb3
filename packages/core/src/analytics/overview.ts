/** The dashboard's headline figures: the last days' questions and refusals, and what awaits an admin. */
import type { PrismaClient } from "@lore/db";
import { activityTotals, messagesPerDay, ratingsPerDay } from "./activity";
import { addDays, checkRange } from "./range";
import { staleExamples } from "./stale";

/** The dashboard's window, in days up to and including today (UTC). */
export const OVERVIEW_DAYS = 7;

export interface AnalyticsOverview {
  /** The window's length (OVERVIEW_DAYS). */
  days: number;
  /** The window's first day and the day after its last (UTC). */
  from: string;
  to: string;
  questions: number;
  /** Share of the window's answers that were "not found", null without answers. */
  notFoundShare: number | null;
  /** Thumbs-down nobody has handled yet (the feedback inbox's "new"). */
  thumbsDownAwaiting: number;
  documents: number;
  staleExamples: number;
}

export async function analyticsOverview(db: PrismaClient, now = new Date()): Promise<AnalyticsOverview> {
  const to = addDays(now.toISOString().slice(0, 10), 1);
  const range = checkRange({ from: addDays(to, -OVERVIEW_DAYS), to });
  const totals = activityTotals(await messagesPerDay(db, range), await ratingsPerDay(db, range));
  const [counts] = await db.$queryRaw<{ thumbsDownAwaiting: number; documents: number }[]>`
    SELECT (SELECT count(*) FROM feedback WHERE status = 'new' AND rating < 0)::int AS "thumbsDownAwaiting",
           (SELECT count(*) FROM documents)::int AS documents`;
  return {
    days: OVERVIEW_DAYS,
    from: range.from,
    to: range.to,
    questions: totals.questions,
    notFoundShare: totals.notFoundShare,
    thumbsDownAwaiting: counts?.thumbsDownAwaiting ?? 0,
    documents: counts?.documents ?? 0,
    staleExamples: (await staleExamples(db, 1)).total,
  };
}
