import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import {
  AccountError,
  addGroupMember,
  createGroup,
  deleteGroup,
  listGroupMembers,
  listGroups,
  listUsers,
  removeGroupMember,
  requireUser,
  setUserRole,
} from ".";

const database = useTestDatabase();

async function createUser(role: "employee" | "admin" = "employee") {
  const id = randomUUID();
  return database.prisma.user.create({
    data: { id, name: `User ${id.slice(0, 8)}`, email: `${id}@test.lore`, role },
    select: { id: true, email: true },
  });
}

/** The error a call fails with. */
async function failure(run: Promise<unknown>): Promise<AccountError> {
  const error = await run.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AccountError);
  return error as AccountError;
}

describe("users", () => {
  it("keeps at least one admin: the last one cannot be demoted, and nothing is changed or audited", async () => {
    const db = database.prisma;
    await db.user.updateMany({ where: { role: "admin" }, data: { role: "employee" } });
    const admin = await createUser("admin");
    const other = await createUser();

    expect(await setUserRole(db, { userId: other.id, role: "admin" }, admin)).toEqual({ id: other.id, role: "admin" });
    expect(await setUserRole(db, { userId: admin.id, role: "employee" }, other)).toEqual({ id: admin.id, role: "employee" });
    const last = await failure(setUserRole(db, { userId: other.id, role: "employee" }, other));
    expect(last).toMatchObject({
      code: "LAST_ADMIN",
      kind: "conflict",
      message: "Lore needs at least one admin: promote someone else first.",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: other.id } })).role).toBe("admin");
    const audited = await db.auditLog.findMany({
      where: { action: "user.role_changed", targetId: { in: [admin.id, other.id] } },
      orderBy: { id: "asc" },
    });
    expect(audited.map((e) => e.data)).toEqual([
      { email: other.email, from: "employee", to: "admin" },
      { email: admin.email, from: "admin", to: "employee" },
    ]);

    // The same role again changes nothing and is not audited.
    expect(await setUserRole(db, { userId: other.id, role: "admin" }, other)).toEqual({ id: other.id, role: "admin" });
    expect(await db.auditLog.count({ where: { action: "user.role_changed", targetId: other.id } })).toBe(1);
    expect(await failure(setUserRole(db, { userId: "nobody", role: "admin" }, other))).toMatchObject({
      code: "USER_NOT_FOUND",
      kind: "not_found",
    });
  });

  it("keeps one admin when two admins are demoted at the same moment (on a PostgreSQL server, a real race)", async () => {
    const db = database.prisma;
    for (let round = 0; round < 5; round++) {
      await db.user.updateMany({ where: { role: "admin" }, data: { role: "employee" } });
      const [first, second] = [await createUser("admin"), await createUser("admin")];
      const results = await Promise.allSettled([
        setUserRole(db, { userId: first.id, role: "employee" }, second),
        setUserRole(db, { userId: second.id, role: "employee" }, first),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = results.find((r) => r.status === "rejected");
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "LAST_ADMIN" });
      expect(await db.user.count({ where: { role: "admin" } })).toBe(1);
    }
  });

  it("pages through users, and says so when the page's user is gone", async () => {
    const db = database.prisma;
    const users = [await createUser(), await createUser(), await createUser()];
    const ids = new Set(users.map((u) => u.id));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await listUsers(db, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((u) => u.id).filter((id) => ids.has(id)));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // Each user exactly once (users created in the same millisecond are ordered by id).
    expect([...seen].sort()).toEqual([...ids].sort());
    expect((await listUsers(db, { limit: 10, query: users[1]!.email.toUpperCase() })).items.map((u) => u.id)).toEqual([users[1]!.id]);

    await db.user.delete({ where: { id: users[0]!.id } });
    expect(await failure(listUsers(db, { limit: 2, cursor: users[0]!.id }))).toMatchObject({ code: "PAGE_GONE", kind: "not_found" });
    await expect(requireUser(db, users[1]!.id)).resolves.toBeUndefined();
    expect(await failure(requireUser(db, users[0]!.id))).toMatchObject({ code: "USER_NOT_FOUND", message: "That user does not exist." });
  });
});

describe("groups", () => {
  it("refuses a taken name, and deleting a group that still restricts documents", async () => {
    const db = database.prisma;
    const admin = await createUser("admin");
    const name = `guard-${randomUUID().slice(0, 8)}`;
    const group = await createGroup(db, { name }, admin);
    expect(await failure(createGroup(db, { name }, admin))).toMatchObject({
      code: "GROUP_EXISTS",
      kind: "conflict",
      message: `A group named "${name}" already exists.`,
    });

    const documentId = randomUUID();
    await db.document.create({
      data: { id: documentId, source: "test", externalId: documentId, title: "Secret", mimeType: "text/markdown", contentHash: "x" },
    });
    await db.documentAccess.create({ data: { documentId, groupId: group.id } });
    expect(await failure(deleteGroup(db, group.id, admin))).toMatchObject({
      code: "GROUP_IN_USE",
      kind: "conflict",
      message: `"${name}" still restricts 1 document(s). Change their access first.`,
    });
    expect((await listGroups(db)).find((g) => g.id === group.id)).toMatchObject({ documentCount: 1, memberCount: 0 });

    await db.documentAccess.deleteMany({ where: { groupId: group.id } });
    expect(await deleteGroup(db, group.id, admin)).toEqual({ id: group.id });
    expect(await failure(deleteGroup(db, group.id, admin))).toMatchObject({
      code: "GROUP_NOT_FOUND",
      kind: "not_found",
      message: "That group does not exist.",
    });
  });

  it("adds and removes members, audited, and says which side is missing", async () => {
    const db = database.prisma;
    const admin = await createUser("admin");
    const member = await createUser();
    const group = await createGroup(db, { name: `team-${randomUUID().slice(0, 8)}`, description: "A team" }, admin);

    expect(await addGroupMember(db, { groupId: group.id, userId: member.id }, admin)).toEqual({ groupId: group.id, userId: member.id });
    expect((await listGroupMembers(db, group.id)).map((m) => m.id)).toEqual([member.id]);
    expect(await failure(addGroupMember(db, { groupId: "nope", userId: member.id }, admin))).toMatchObject({ code: "GROUP_NOT_FOUND" });
    expect(await failure(addGroupMember(db, { groupId: group.id, userId: "nobody" }, admin))).toMatchObject({ code: "USER_NOT_FOUND" });

    expect(await removeGroupMember(db, { groupId: group.id, userId: member.id }, admin)).toEqual({ groupId: group.id, userId: member.id });
    expect(await failure(removeGroupMember(db, { groupId: group.id, userId: member.id }, admin))).toMatchObject({
      code: "NOT_A_MEMBER",
      kind: "not_found",
      message: "That user is not in that group.",
    });
    const actions = (await db.auditLog.findMany({ where: { targetId: group.id }, orderBy: { id: "asc" } })).map((e) => [
      e.action,
      e.actorId,
    ]);
    expect(actions).toEqual([
      ["group.created", admin.id],
      ["group.member_added", admin.id],
      ["group.member_removed", admin.id],
    ]);
  });
});
