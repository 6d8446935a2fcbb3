import type { TRPCRouterRecord } from "@trpc/server";
import { listAuditLog } from "@lore/core/audit";
import { adminProcedure } from "../trpc";
import { listAuditInput } from "../schemas";

export const auditRouter = {
  /**
   * Newest first, filtered by actions (or families like "document."), actor, target and a time range; page with
   * the last entry's id as the cursor. The CSV of the same filters is the admin app's /api/exports/audit route.
   */
  list: adminProcedure.input(listAuditInput).query(({ ctx, input }) => listAuditLog(ctx.db, input)),
} satisfies TRPCRouterRecord;
