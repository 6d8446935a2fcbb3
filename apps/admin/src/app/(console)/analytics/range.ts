/**
 * The analytics page's date range, kept in the URL so a view can be shared and survives a reload:
 * `?range=7|30|90` (the last N days, today included) or `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both days included,
 * as people write ranges). Days are UTC. The API takes `to` exclusive: `toQuery` converts.
 */

export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = 30;
/** The longest custom range (the API's limit). */
export const MAX_DAYS = 366;

export interface PageRange {
  /** First day, included. */
  from: string;
  /** Last day, included. */
  to: string;
  /** The preset it came from, or null for a custom range. */
  preset: RangePreset | null;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function shiftDay(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

function isDay(value: unknown): value is string {
  return typeof value === "string" && ISO_DAY.test(value) && dayOf(new Date(`${value}T00:00:00Z`)) === value;
}

/** The last `days` days up to `today`. */
export function presetRange(days: RangePreset, now = new Date()): PageRange {
  const to = dayOf(now);
  return { from: shiftDay(to, -(days - 1)), to, preset: days };
}

type SearchParams = Record<string, string | string[] | undefined>;

/** The range the URL asks for; the default preset for anything missing, malformed or out of bounds. */
export function parseRange(params: SearchParams, now = new Date()): PageRange {
  const { from, to, range } = params;
  if (isDay(from) && isDay(to)) {
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days >= 1 && days <= MAX_DAYS) return { from, to, preset: null };
  }
  const preset = RANGE_PRESETS.find((days) => String(days) === range);
  return presetRange(preset ?? DEFAULT_PRESET, now);
}

/** The API's input for a page range (`to` exclusive). */
export function toQuery(range: PageRange): { from: string; to: string } {
  return { from: range.from, to: shiftDay(range.to, 1) };
}

/** The URL of a range. */
export function rangeHref(range: { preset: RangePreset } | { from: string; to: string }): string {
  return "preset" in range ? `/analytics?range=${range.preset}` : `/analytics?from=${range.from}&to=${range.to}`;
}
