/**
 * The date range every analytics figure is read over: calendar days [from, to) in a time zone (UTC unless
 * given), so "a day" is the admin's day, not the server's. Dates are `YYYY-MM-DD` strings: a day is a label,
 * not an instant, and the database turns it into instants with the same time-zone rules it groups by.
 */
import { Prisma } from "@lore/db";
import { LoreError } from "../errors/lore-error";

/** The longest range a figure is read over (a year and a day, so a leap year fits). */
export const MAX_RANGE_DAYS = 366;

export interface AnalyticsRange {
  /** First day, inclusive (`YYYY-MM-DD`). */
  from: string;
  /** Day after the last, exclusive (`YYYY-MM-DD`). */
  to: string;
  /** IANA time zone the days are counted in; default UTC. */
  timeZone?: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (not 2026-02-30). */
export function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Whether `zone` is a time zone the runtime knows (IANA names such as Europe/London, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Number of days in [from, to). */
export function rangeDays(range: Pick<AnalyticsRange, "from" | "to">): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / DAY_MS);
}

/** The day `days` after `day` (negative: before), both `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export interface CheckedRange extends Required<AnalyticsRange> {
  days: number;
}

/** The range with its time zone filled in, or a LoreError saying what is wrong with it. */
export function checkRange(range: AnalyticsRange): CheckedRange {
  const timeZone = range.timeZone ?? "UTC";
  if (!isIsoDay(range.from) || !isIsoDay(range.to)) {
    throw new LoreError("BAD_RANGE", "bad_request", "Give the dates as YYYY-MM-DD, for example 2026-01-31.");
  }
  const days = rangeDays(range);
  if (days < 1) throw new LoreError("BAD_RANGE", "bad_request", "The end date must come after the start date.");
  if (days > MAX_RANGE_DAYS) {
    throw new LoreError("BAD_RANGE", "bad_request", `Choose a range of at most ${MAX_RANGE_DAYS} days.`);
  }
  if (!isTimeZone(timeZone)) throw new LoreError("BAD_RANGE", "bad_request", `Unknown time zone "${timeZone}".`);
  return { from: range.from, to: range.to, timeZone, days };
}

/** SQL for the instants the range starts and ends at, in its time zone. */
export function rangeBoundsSql(range: CheckedRange): { start: Prisma.Sql; end: Prisma.Sql } {
  return {
    start: Prisma.sql`((${range.from}::date)::timestamp AT TIME ZONE ${range.timeZone})`,
    end: Prisma.sql`((${range.to}::date)::timestamp AT TIME ZONE ${range.timeZone})`,
  };
}

/** SQL: `column` is inside the range. */
export function inRangeSql(column: Prisma.Sql, range: CheckedRange): Prisma.Sql {
  const { start, end } = rangeBoundsSql(range);
  return Prisma.sql`${column} >= ${start} AND ${column} < ${end}`;
}

/** SQL: the calendar day (`date`) of the instant `column` in the range's time zone. */
export function localDaySql(column: Prisma.Sql, range: CheckedRange): Prisma.Sql {
  return Prisma.sql`(${column} AT TIME ZONE ${range.timeZone})::date`;
}

/** SQL: one row per day of the range, column `day` (`date`). */
export function daySeriesSql(range: CheckedRange): Prisma.Sql {
  return Prisma.sql`SELECT d::date AS day FROM generate_series(${range.from}::date, ${range.to}::date - 1, interval '1 day') AS d`;
}
