import type { Prisma, PrismaClient } from "@lore/db";

/** What the audit log page and its CSV export filter on; every field narrows the log, none is required. */
export interface AuditFilters {
  /**
   * Actions to keep: exact names ("user.deactivated"), or prefixes ending with a dot ("document.") for a whole
   * family. An empty list keeps every action.
   */
  actions?: string[];
  /** The user who did it (their id). */
  actorId?: string;
  /** The user who did it, by the email recorded with the entry (case-insensitive, whole address). */
  actorEmail?: string;
  targetType?: string;
  /** Only with or without `targetType`: the id as recorded (a user's, a group's, a document's…). */
  targetId?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries strictly before this instant (the end of a day range is the next day's start). */
  to?: Date;
}

/** The filters as a Prisma condition; actions given as prefixes become `startsWith`. */
export function auditWhere(filters: AuditFilters): Prisma.AuditLogWhereInput {
  const exact = (filters.actions ?? []).filter((a) => !a.endsWith("."));
  const prefixes = (filters.actions ?? []).filter((a) => a.endsWith("."));
  const actions: Prisma.AuditLogWhereInput[] = [
    ...(exact.length > 0 ? [{ action: { in: exact } }] : []),
    ...prefixes.map((prefix) => ({ action: { startsWith: prefix } })),
  ];
  return {
    AND: [
      ...(actions.length > 0 ? [{ OR: actions }] : []),
      ...(filters.actorId ? [{ actorId: filters.actorId }] : []),
      ...(filters.actorEmail ? [{ actorEmail: { equals: filters.actorEmail, mode: "insensitive" as const } }] : []),
      ...(filters.targetType ? [{ targetType: filters.targetType }] : []),
      ...(filters.targetId ? [{ targetId: filters.targetId }] : []),
      ...(filters.from ? [{ at: { gte: filters.from } }] : []),
      ...(filters.to ? [{ at: { lt: filters.to } }] : []),
    ],
  };
}

export interface ListAuditParams extends AuditFilters {
  limit: number;
  /** The previous page's `nextCursor`: entries strictly older than this id (ids increase with time). */
  cursor?: string;
}

/**
 * The audit log newest first, filtered, a page at a time. The keyset is the id alone, so a page is one indexed
 * range scan however deep the admin pages (indexes on (action, id) and (actor_id, id) serve the filters).
 */
export async function listAuditLog(db: PrismaClient, params: ListAuditParams) {
  const rows = await db.auditLog.findMany({
    where: { AND: [auditWhere(params), ...(params.cursor ? [{ id: { lt: BigInt(params.cursor) } }] : [])] },
    orderBy: { id: "desc" },
    take: params.limit + 1,
  });
  const items = rows.slice(0, params.limit).map((r) => ({ ...r, id: r.id.toString() }));
  return { items, nextCursor: rows.length > params.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Every entry the filters keep, newest first, read a keyset page at a time (for exports that stream). */
export async function* auditEntries(db: PrismaClient, filters: AuditFilters, pageSize = 500) {
  let cursor: string | undefined;
  do {
    const page = await listAuditLog(db, { ...filters, limit: pageSize, cursor });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export type AuditListEntry = Awaited<ReturnType<typeof listAuditLog>>["items"][number];
