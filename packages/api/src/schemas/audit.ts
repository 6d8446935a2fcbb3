import { z } from "zod";
import { freeText, idSchema } from "./common";

/** An action ("user.deactivated") or, ending with a dot, a family of actions ("document."). */
export const auditActionFilter = z
  .string()
  .trim()
  .regex(/^[a-z][a-z_]*(\.[a-z_]+)*\.?$/, "An action looks like user.deactivated, or document. for all of a family.")
  .max(80);

/** The audit log's filters, shared by the page, `admin.audit.list` and the CSV route. */
export const auditFiltersInput = z.object({
  actions: z.array(auditActionFilter).max(20).optional(),
  actorId: idSchema.optional(),
  actorEmail: freeText(254).optional(),
  targetType: z
    .string()
    .trim()
    .regex(/^[a-z_]+$/, "A target type is a word like user, group or document.")
    .max(40)
    .optional(),
  targetId: idSchema.optional(),
  /** From this instant on (inclusive). */
  from: z.coerce.date().optional(),
  /** Before this instant (exclusive). */
  to: z.coerce.date().optional(),
});

export const listAuditInput = auditFiltersInput.extend({
  limit: z.number().int().min(1).max(200).default(50),
  /** Entries strictly older than this id (ids increase with time). */
  cursor: z.string().regex(/^\d+$/).optional(),
});
