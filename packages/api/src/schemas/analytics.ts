// Input schemas of the admin.analytics procedures (issue 26). The range's rules (an end after the start, at most
// MAX_RANGE_DAYS, a real day, a known time zone) are core's (`checkRange`), checked by the procedures; here only
// the shape, so the page's forms can share it.
import { z } from "zod";

/** A calendar day, `YYYY-MM-DD`. */
export const isoDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give the date as YYYY-MM-DD.");

export const analyticsRangeInput = z.object({
  /** First day, inclusive. */
  from: isoDaySchema,
  /** Day after the last, exclusive. */
  to: isoDaySchema,
  /** IANA time zone the days are counted in (default UTC). */
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_+\-/]+$/, "Give an IANA time zone, such as Europe/London.")
    .optional(),
});

export const analyticsGapsInput = analyticsRangeInput.extend({
  /** Clusters returned, largest first. */
  limit: z.number().int().min(1).max(50).default(10),
});
