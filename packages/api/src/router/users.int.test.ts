import { describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

describe("admin.users", () => {
  it("lists and searches users with pagination", async () => {
    const admin = await h.createUser("admin");
    const a = await h.createUser();
    await h.createUser();
    const caller = await h.callerFor(admin.cookie);
    const page = await caller.admin.users.list({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeTruthy();
    const next = await caller.admin.users.list({ limit: 2, cursor: page.nextCursor! });
    expect(next.items[0]?.id).not.toBe(page.items[1]?.id);
    const found = await caller.admin.users.list({ query: a.email.toUpperCase() });
    expect(found.items.map((u) => u.id)).toEqual([a.id]);
    // A page that continues from a user deleted meanwhile says so, rather than looking like the end.
    const gone = await h.createUser();
    await h.db.user.delete({ where: { id: gone.id } });
    expect(await errorCode(caller.admin.users.list({ limit: 2, cursor: gone.id }))).toBe("NOT_FOUND");
  });

  it("changes a role, audits it, and refuses to remove the last admin", async () => {
    // Start from a database where this admin is the only one.
    await h.db.user.updateMany({ where: { role: "admin" }, data: { role: "employee" } });
    const admin = await h.createUser("admin");
    const target = await h.createUser();
    const caller = await h.callerFor(admin.cookie);

    await caller.admin.users.setRole({ userId: target.id, role: "admin" });
    expect((await h.db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("admin");
    const entry = await h.db.auditLog.findFirst({ where: { action: "user.role_changed", targetId: target.id } });
    expect(entry).toMatchObject({ actorId: admin.id, data: { from: "employee", to: "admin" } });

    await caller.admin.users.setRole({ userId: target.id, role: "employee" });
    expect(await errorCode(caller.admin.users.setRole({ userId: admin.id, role: "employee" }))).toBe("CONFLICT");
    expect((await h.db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
  });

  it("creates a user who can sign in, audited with the admin; a taken email is CONFLICT", async () => {
    const admin = await h.createUser("admin");
    const caller = await h.callerFor(admin.cookie);
    const email = `Made-${Date.now()}@Test.Lore`;
    const made = await caller.admin.users.create({ email, name: "Made By Admin", password: "a long enough password" });
    expect(made).toMatchObject({ email: email.toLowerCase(), role: "employee" });
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: "user.created", targetId: made.id } });
    expect(audit).toMatchObject({ actorId: admin.id, data: { email: email.toLowerCase(), role: "employee" } });

    const signIn = await h.authRequest("/sign-in/email", { body: { email, password: "a long enough password" }, ip: "192.0.2.200" });
    expect(signIn.status).toBe(200);

    expect(await errorCode(caller.admin.users.create({ email, name: "Again", password: "a long enough password" }))).toBe("CONFLICT");
    expect(await errorCode(caller.admin.users.create({ email: "short@test.lore", name: "Short", password: "too short" }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("deactivates a user: their session ends at once, sign-in is refused, and reactivating lets them back", async () => {
    const admin = await h.createUser("admin");
    const target = await h.createUser();
    const caller = await h.callerFor(admin.cookie);
    expect((await (await h.callerFor(target.cookie)).session.me())?.id).toBe(target.id);

    expect(await caller.admin.users.deactivate({ userId: target.id })).toMatchObject({ status: "deactivated", sessionsEnded: 1 });
    // The cookie they still hold is worth nothing: the session is gone.
    expect(await errorCode((await h.callerFor(target.cookie)).admin.users.list({}))).toBe("UNAUTHORIZED");
    const refused = await h.authRequest("/sign-in/email", { body: { email: target.email, password: target.password }, ip: "192.0.2.201" });
    expect(refused.status).toBe(403);
    const listed = await caller.admin.users.list({ query: target.email, status: "deactivated" });
    expect(listed.items.map((u) => [u.id, u.status, u.signInMethods])).toEqual([[target.id, "deactivated", ["password"]]]);

    expect(await caller.admin.users.reactivate({ userId: target.id })).toEqual({ id: target.id, status: "active" });
    const back = await h.authRequest("/sign-in/email", { body: { email: target.email, password: target.password }, ip: "192.0.2.202" });
    expect(back.status).toBe(200);
    expect((await caller.admin.users.list({ query: target.email })).items[0]?.lastSignInAt).toBeInstanceOf(Date);
    expect(await h.db.auditLog.count({ where: { action: { in: ["user.deactivated", "user.reactivated"] }, targetId: target.id } })).toBe(2);

    expect(await errorCode(caller.admin.users.deactivate({ userId: admin.id }))).toBe("CONFLICT");
    expect(await errorCode(caller.admin.users.deactivate({ userId: "nobody" }))).toBe("NOT_FOUND");
  });

  it("rejects invalid input with BAD_REQUEST and unknown users with NOT_FOUND", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    expect(await errorCode(caller.admin.users.setRole({ userId: "x", role: "root" as "admin" }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.admin.users.setRole({ userId: "nobody", role: "admin" }))).toBe("NOT_FOUND");
  });
});
