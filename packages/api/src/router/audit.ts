import type { TRPCRouterRecord } from "@trpc/server";
import { adminProcedure } from "../trpc";
import { listAuditInput } from "../schemas";

export const auditRouter = {
  /** Newest first; page with the last entry's id as the cursor. */
  list: adminProcedure.input(listAuditInput).query(async ({ ctx, input }) => {
    const rows = await ctx.db.auditLog.findMany({
      where: input.cursor ? { id: { lt: BigInt(input.cursor) } } : {},
      orderBy: { id: "desc" },
      take: input.limit + 1,
    });
    const items = rows.slice(0, input.limit).map((r) => ({ ...r, id: r.id.toString() }));
    return { items, nextCursor: rows.length > input.limit ? items.at(-1)?.id ?? null : null };
  }),
} satisfies TRPCRouterRecord;
