// Admins' reads of restricted documents (versions, chunks, search as someone else) land in the audit log.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useHarness } from "../../test/harness";

const h = useHarness();

describe("admin reads of restricted documents", () => {
  it("are audited: who read what, and as whom; reads of public documents are not", async () => {
    const { indexDocument } = await import("@lore/core/knowledge-base");
    const { createHashingEmbedder } = await import("@lore/core/embed");
    const embedder = createHashingEmbedder();
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    const group = await h.db.group.create({ data: { id: randomUUID(), name: `payroll-${Date.now()}` } });
    await h.db.groupMembership.create({ data: { userId: employee.id, groupId: group.id } });
    const doc = (title: string, text: string, externalId: string) => ({ externalId, title, mimeType: "text/markdown", text });
    const open = await indexDocument(
      h.db,
      { source: "test", doc: doc("Canteen", "# Canteen\n\nThe wombat canteen opens at noon.", "open") },
      { embedder },
    );
    const secret = await indexDocument(
      h.db,
      { source: "test", doc: doc("Salaries", "# Salaries\n\nWombat salaries are reviewed in March.", "salaries"), groups: [group.name] },
      { embedder },
    );
    const caller = await h.callerFor(admin.cookie);
    const entries = () => h.db.auditLog.findMany({ where: { actorId: admin.id, action: { not: "auth.sign_in" } }, orderBy: { id: "asc" } });

    // Public documents: read freely, nothing logged.
    const openVersions = await caller.documents.versions({ id: open.documentId });
    await caller.documents.chunks({ versionId: openVersions.items[0]!.id });
    await caller.admin.search.debug({ query: "wombat" }); // as themself
    expect(await entries()).toEqual([]);

    const versions = await caller.documents.versions({ id: secret.documentId });
    const versionId = versions.items[0]!.id;
    const chunks = await caller.documents.chunks({ versionId });
    expect(chunks.items[0]?.text).toContain("reviewed in March");
    const asEmployee = await caller.admin.search.debug({ query: "wombat salaries", asUserId: employee.id });
    expect(asEmployee.results.map((r) => r.title)).toContain("Salaries");

    const logged = await entries();
    expect(logged.map((e) => ({ action: e.action, targetId: e.targetId, data: e.data, actorEmail: e.actorEmail }))).toEqual([
      {
        action: "document.restricted_read",
        targetId: secret.documentId,
        data: { read: "versions", groups: [group.name] },
        actorEmail: admin.email,
      },
      {
        action: "document.restricted_read",
        targetId: secret.documentId,
        data: { read: "chunks", groups: [group.name], versionId },
        actorEmail: admin.email,
      },
      {
        action: "search.as_user",
        targetId: employee.id,
        data: {
          asEmail: employee.email,
          query: "wombat salaries",
          restrictedDocuments: [{ documentId: secret.documentId, groups: [group.name] }],
        },
        actorEmail: admin.email,
      },
    ]);
  });
});
