import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

describe("admin.groups", () => {
  it("creates, lists, manages members and deletes a group", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    const member = await h.createUser();
    const name = `team-${Date.now()}`;
    const group = await caller.admin.groups.create({ name, description: "A test team" });
    expect(await errorCode(caller.admin.groups.create({ name }))).toBe("CONFLICT");

    await caller.admin.groups.addMember({ groupId: group.id, userId: member.id });
    await caller.admin.groups.addMember({ groupId: group.id, userId: member.id }); // idempotent
    expect((await caller.admin.groups.members({ id: group.id })).map((m) => m.id)).toEqual([member.id]);
    expect((await caller.admin.groups.list()).find((g) => g.id === group.id)).toMatchObject({ memberCount: 1, documentCount: 0 });

    await caller.admin.groups.removeMember({ groupId: group.id, userId: member.id });
    expect(await errorCode(caller.admin.groups.removeMember({ groupId: group.id, userId: member.id }))).toBe("NOT_FOUND");
    await caller.admin.groups.delete({ id: group.id });
    expect(await h.db.group.findUnique({ where: { id: group.id } })).toBeNull();
    const actions = (await h.db.auditLog.findMany({ where: { targetId: group.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["group.created", "group.member_added", "group.member_added", "group.member_removed", "group.deleted"]);
  });

  it("validates group names", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    expect(await errorCode(caller.admin.groups.create({ name: "Has Spaces" }))).toBe("BAD_REQUEST");
  });

  it("refuses to delete a group that still restricts documents (it would make them public)", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    const group = await caller.admin.groups.create({ name: `guard-${Date.now()}` });
    const documentId = randomUUID();
    await h.db.document.create({
      data: { id: documentId, source: "test", externalId: documentId, title: "Secret", mimeType: "text/markdown", contentHash: "x" },
    });
    await h.db.documentAccess.create({ data: { documentId, groupId: group.id } });
    expect(await errorCode(caller.admin.groups.delete({ id: group.id }))).toBe("CONFLICT");
    expect(await h.db.group.findUnique({ where: { id: group.id } })).not.toBeNull();
  });
});
