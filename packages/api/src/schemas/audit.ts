import { z } from "zod";

export const listAuditInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  /** Entries strictly older than this id (ids increase with time). */
  cursor: z.string().regex(/^\d+$/).optional(),
});
