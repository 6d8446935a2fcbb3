import type { TRPCRouterRecord } from "@trpc/server";
import { listAuditLog } from "@lore/core/audit";
import { adminProcedure } from "../trpc";
import { listAuditInput } from "../schemas";

export const auditRouter = {
  /** Newest first; page with the last entry's id as the cursor. */
  list: adminProcedure.input(listAuditInput).query(({ ctx, input }) => listAuditLog(ctx.db, input)),
} satisfies TRPCRouterRecord;
