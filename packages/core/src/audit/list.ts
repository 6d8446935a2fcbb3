import type { PrismaClient } from "@lore/db";

/** The audit log newest first, a page at a time (the cursor: the previous page's last entry id). */
export async function listAuditLog(db: PrismaClient, params: { limit: number; cursor?: string }) {
  const rows = await db.auditLog.findMany({
    where: params.cursor ? { id: { lt: BigInt(params.cursor) } } : {},
    orderBy: { id: "desc" },
    take: params.limit + 1,
  });
  const items = rows.slice(0, params.limit).map((r) => ({ ...r, id: r.id.toString() }));
  return { items, nextCursor: rows.length > params.limit ? (items.at(-1)?.id ?? null) : null };
}
