import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { authenticateApiKey, createApiKey } from "../api-keys";
import { recordAudit } from "../audit/record";
import { createTestUser } from "../testing";
import { AccountError, deactivateUser, listUsers, reactivateUser, setUserRole } from ".";

const database = useTestDatabase();

async function signedIn(userId: string, sessions = 2) {
  for (let i = 0; i < sessions; i++)
    await database.prisma.session.create({
      data: { id: randomUUID(), token: randomUUID(), userId, expiresAt: new Date(Date.now() + 3_600_000) },
    });
}

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

describe("deactivating users", () => {
  it("bans the user and deletes their sessions in one step, audited; reactivating lets them back", async () => {
    const db = database.prisma;
    const admin = await createTestUser(db, { role: "admin" });
    const user = await createTestUser(db);
    await signedIn(user.id);

    expect(await deactivateUser(db, { userId: user.id }, admin)).toEqual({ id: user.id, status: "deactivated", sessionsEnded: 2 });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ banned: true, banExpires: null });
    expect(await db.auditLog.findFirst({ where: { action: "user.deactivated", targetId: user.id } })).toMatchObject({
      actorId: admin.id,
      data: { email: user.email, sessionsEnded: 2 },
    });
    // Twice is the same as once: no second entry.
    expect((await deactivateUser(db, { userId: user.id }, admin)).sessionsEnded).toBe(0);
    expect(await db.auditLog.count({ where: { action: "user.deactivated", targetId: user.id } })).toBe(1);

    expect(await reactivateUser(db, { userId: user.id }, admin)).toEqual({ id: user.id, status: "active" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).banned).toBe(false);
    expect(await db.auditLog.count({ where: { action: "user.reactivated", targetId: user.id } })).toBe(1);
  });

  it("stops and restarts the user's API keys with the account", async () => {
    const db = database.prisma;
    const admin = await createTestUser(db, { role: "admin" });
    const user = await createTestUser(db);
    const { secret } = await createApiKey(db, { userId: user.id, name: "laptop" });
    expect((await authenticateApiKey(db, secret))?.id).toBe(user.id);
    await deactivateUser(db, { userId: user.id }, admin);
    expect(await authenticateApiKey(db, secret)).toBeNull();
    await reactivateUser(db, { userId: user.id }, admin);
    expect((await authenticateApiKey(db, secret))?.id).toBe(user.id);
  });

  it("refuses to deactivate yourself or the last admin who can sign in, changing nothing", async () => {
    const db = database.prisma;
    await db.user.updateMany({ where: { role: "admin" }, data: { role: "employee" } });
    const admin = await createTestUser(db, { role: "admin" });
    const other = await createTestUser(db, { role: "admin" });
    await signedIn(admin.id, 1);

    expect(await failure(deactivateUser(db, { userId: admin.id }, admin))).toMatchObject({ code: "SELF_DEACTIVATION", kind: "conflict" });
    // Deactivate the other admin; now `admin` is the only one who can sign in. A system actor (no id) cannot
    // deactivate them either.
    await deactivateUser(db, { userId: other.id }, admin);
    expect(await failure(deactivateUser(db, { userId: admin.id }, { id: "system" }))).toMatchObject({ code: "LAST_ADMIN" });
    // Nor demote them: a deactivated admin does not count.
    expect(await failure(setUserRole(db, { userId: admin.id, role: "employee" }, admin))).toMatchObject({ code: "LAST_ADMIN" });
    expect(await db.session.count({ where: { userId: admin.id } })).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).banned).toBe(false);
    expect(await failure(deactivateUser(db, { userId: "nobody" }, admin))).toMatchObject({ code: "USER_NOT_FOUND" });
  });
});

describe("listing users", () => {
  it("shows status, sign-in methods and last sign-in, and filters by status", async () => {
    const db = database.prisma;
    const admin = await createTestUser(db, { role: "admin" });
    const password = await createTestUser(db, { name: "Password Person" });
    const sso = await createTestUser(db, { name: "Sso Person" });
    await db.account.create({ data: { id: randomUUID(), accountId: password.id, providerId: "credential", userId: password.id } });
    await db.account.create({ data: { id: randomUUID(), accountId: "oidc-sub-1", providerId: "sso", userId: sso.id } });
    await recordAudit(db, { actor: { id: sso.id }, action: "auth.sign_in", targetType: "session", targetId: "s1" });
    await deactivateUser(db, { userId: password.id }, admin);

    const all = await listUsers(db, { limit: 100 });
    const byId = new Map(all.items.map((u) => [u.id, u]));
    expect(byId.get(password.id)).toMatchObject({ status: "deactivated", signInMethods: ["password"], lastSignInAt: null });
    expect(byId.get(sso.id)).toMatchObject({ status: "active", signInMethods: ["sso"] });
    expect(byId.get(sso.id)?.lastSignInAt).toBeInstanceOf(Date);

    const deactivated = await listUsers(db, { limit: 100, status: "deactivated" });
    expect(deactivated.items.map((u) => u.id)).toContain(password.id);
    expect(deactivated.items.every((u) => u.status === "deactivated")).toBe(true);
    const active = await listUsers(db, { limit: 100, status: "active" });
    expect(active.items.map((u) => u.id)).toContain(sso.id);
    expect(active.items.map((u) => u.id)).not.toContain(password.id);
  });
});
