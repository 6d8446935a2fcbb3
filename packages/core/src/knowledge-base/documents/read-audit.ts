/**
 * Admins can read any document's text through the console's tools (versions, chunks, search as another user).
 * Reads of restricted documents — those with access groups — are written to the audit log: who read what, and as
 * whom, so a company can see when someone looked at HR's pages without being in HR. Reads of public documents
 * are not logged: everyone may read them anyway.
 */
import type { PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../../audit";

type Reader = { actor: NonNullable<AuditEntry["actor"]>; ip?: string | null };

/** The groups restricting each of `documentIds` (documents without groups are left out). */
async function restrictedGroups(db: PrismaClient, documentIds: string[]): Promise<Map<string, string[]>> {
  const rows = await db.documentAccess.findMany({
    where: { documentId: { in: [...new Set(documentIds)] } },
    select: { documentId: true, group: { select: { name: true } } },
    orderBy: { group: { name: "asc" } },
  });
  const groups = new Map<string, string[]>();
  for (const row of rows) groups.set(row.documentId, [...(groups.get(row.documentId) ?? []), row.group.name]);
  return groups;
}

/** Records an admin's read of a document's versions or of one version's chunks, when the document is restricted. */
export async function auditDocumentRead(
  db: PrismaClient,
  reader: Reader,
  target: { read: "versions"; documentId: string } | { read: "chunks"; versionId: string },
): Promise<void> {
  const documentId =
    target.read === "versions"
      ? target.documentId
      : (await db.documentVersion.findUnique({ where: { id: target.versionId }, select: { documentId: true } }))?.documentId;
  if (!documentId) return;
  const groups = (await restrictedGroups(db, [documentId])).get(documentId);
  if (!groups) return;
  await recordAudit(db, {
    actor: reader.actor,
    action: "document.restricted_read",
    targetType: "document",
    targetId: documentId,
    data: { read: target.read, groups, ...(target.read === "chunks" ? { versionId: target.versionId } : {}) },
    ip: reader.ip ?? null,
  });
}

/** Records a search run as another user: the question, whom it ran as, and the restricted documents it returned. */
export async function auditSearchAsUser(
  db: PrismaClient,
  reader: Reader,
  search: { asUserId: string; query: string; documentIds: string[] },
): Promise<void> {
  const asUser = await db.user.findUnique({ where: { id: search.asUserId }, select: { email: true } });
  const groups = await restrictedGroups(db, search.documentIds);
  await recordAudit(db, {
    actor: reader.actor,
    action: "search.as_user",
    targetType: "user",
    targetId: search.asUserId,
    data: {
      asEmail: asUser?.email ?? null,
      query: search.query,
      restrictedDocuments: [...groups].map(([documentId, names]) => ({ documentId, groups: names })),
    },
    ip: reader.ip ?? null,
  });
}
