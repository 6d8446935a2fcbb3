import type { Prisma, PrismaClient } from "@lore/db";

/** Anything that can run Prisma queries: the shared client or a transaction's `tx`. */
export type Db = PrismaClient | Prisma.TransactionClient;

export interface AuditEntry {
  /** Who did it; null for the system (seed, worker, sign-up). */
  actor: { id: string; email?: string | null } | null;
  /** Dotted verb, e.g. "user.role_changed", "group.created". */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  data?: Prisma.InputJsonValue;
  ip?: string | null;
}

/**
 * Appends one entry to the audit log. The table is append-only (a trigger rejects UPDATE and
 * DELETE), so this is the only way entries are written. Pass a transaction's `tx` to make the entry
 * part of the change it records.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      data: entry.data ?? {},
      ip: entry.ip ?? null,
    },
  });
}
