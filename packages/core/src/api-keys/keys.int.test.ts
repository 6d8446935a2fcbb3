import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createTestUser } from "../testing";
import { ApiKeyError, authenticateApiKey, createApiKey, listApiKeys, MAX_ACTIVE_API_KEYS, revokeApiKey } from ".";
import { hashSecret } from "./secret";

const database = useTestDatabase();

/** The error a call fails with. */
async function failure(run: Promise<unknown>): Promise<ApiKeyError> {
  const error = await run.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiKeyError);
  return error as ApiKeyError;
}

describe("API keys", () => {
  it("shows the secret once, stores only its hash, lists without it, and audits the creation", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    const created = await createApiKey(db, { userId: user.id, name: "  my script " });
    expect(created.secret).toMatch(/^lore_[0-9A-Za-z]{40}$/);
    expect(created).toMatchObject({ name: "my script", prefix: created.secret.slice(0, 12), revokedAt: null, lastUsedAt: null });

    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hashedKey).toBe(hashSecret(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);

    const listed = await listApiKeys(db, user.id);
    expect(listed).toEqual([
      {
        id: created.id,
        name: "my script",
        prefix: created.prefix,
        createdAt: row.createdAt,
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(row.hashedKey);

    const audit = await db.auditLog.findMany({ where: { targetId: created.id } });
    expect(audit).toMatchObject([{ action: "api_key.created", actorId: user.id, actorEmail: user.email, data: { name: "my script" } }]);
    expect(JSON.stringify(audit.map((a) => a.data))).not.toContain(created.secret);
  });

  it("authenticates a valid key as its owner and marks it used, at most once a minute", async () => {
    const db = database.prisma;
    const user = await createTestUser(db, { role: "admin" });
    const { id, secret } = await createApiKey(db, { userId: user.id, name: "ci" });
    expect(await authenticateApiKey(db, secret)).toEqual({ id: user.id, email: user.email, name: user.name, role: "admin", keyId: id });
    const first = (await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await authenticateApiKey(db, secret);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);
    const longAgo = new Date(Date.now() - 5 * 60_000);
    await db.apiKey.update({ where: { id }, data: { lastUsedAt: longAgo } });
    await authenticateApiKey(db, secret);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt!.getTime()).toBeGreaterThan(longAgo.getTime());
  });

  it("refuses unknown, malformed, revoked and expired keys, and keys of banned users", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    expect(await authenticateApiKey(db, `lore_${"a".repeat(40)}`)).toBeNull();
    expect(await authenticateApiKey(db, "")).toBeNull();
    expect(await authenticateApiKey(db, "Bearer nonsense")).toBeNull();

    const revoked = await createApiKey(db, { userId: user.id, name: "revoked" });
    await revokeApiKey(db, { userId: user.id, id: revoked.id });
    expect(await authenticateApiKey(db, revoked.secret)).toBeNull();

    const expiring = await createApiKey(db, { userId: user.id, name: "expiring", expiresAt: new Date(Date.now() + 60_000) });
    expect(await authenticateApiKey(db, expiring.secret)).not.toBeNull();
    await db.apiKey.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await authenticateApiKey(db, expiring.secret)).toBeNull();

    const banned = await createTestUser(db);
    const bannedKey = await createApiKey(db, { userId: banned.id, name: "banned" });
    await db.user.update({ where: { id: banned.id }, data: { banned: true } });
    expect(await authenticateApiKey(db, bannedKey.secret)).toBeNull();
    await db.user.update({ where: { id: banned.id }, data: { banExpires: new Date(Date.now() + 60_000) } });
    expect(await authenticateApiKey(db, bannedKey.secret)).toBeNull();
    // A ban whose end has passed is over.
    await db.user.update({ where: { id: banned.id }, data: { banExpires: new Date(Date.now() - 1000) } });
    expect(await authenticateApiKey(db, bannedKey.secret)).not.toBeNull();
  });

  it("is revoked by its owner only; anyone else gets not found; revoking twice changes nothing", async () => {
    const db = database.prisma;
    const owner = await createTestUser(db);
    const other = await createTestUser(db);
    const key = await createApiKey(db, { userId: owner.id, name: "mine" });

    expect(await failure(revokeApiKey(db, { userId: other.id, id: key.id }))).toMatchObject({
      code: "API_KEY_NOT_FOUND",
      kind: "not_found",
    });
    expect(await failure(revokeApiKey(db, { userId: owner.id, id: "no-such-key" }))).toMatchObject({ code: "API_KEY_NOT_FOUND" });
    expect(await authenticateApiKey(db, key.secret)).not.toBeNull();
    expect(await listApiKeys(db, other.id)).toEqual([]);

    const revoked = await revokeApiKey(db, { userId: owner.id, id: key.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect((await revokeApiKey(db, { userId: owner.id, id: key.id })).revokedAt).toEqual(revoked.revokedAt);
    expect((await listApiKeys(db, owner.id))[0]!.revokedAt).toEqual(revoked.revokedAt);
    const audit = await db.auditLog.findMany({ where: { targetId: key.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["api_key.created", owner.id],
      ["api_key.revoked", owner.id],
    ]);
  });

  it("refuses a blank or overlong name, a past expiry, and more than the allowed active keys", async () => {
    const db = database.prisma;
    const user = await createTestUser(db);
    expect(await failure(createApiKey(db, { userId: user.id, name: "   " }))).toMatchObject({
      code: "API_KEY_INVALID",
      kind: "bad_request",
    });
    expect(await failure(createApiKey(db, { userId: user.id, name: "x".repeat(101) }))).toMatchObject({ code: "API_KEY_INVALID" });
    expect(await failure(createApiKey(db, { userId: user.id, name: "old", expiresAt: new Date(Date.now() - 1000) }))).toMatchObject({
      code: "API_KEY_INVALID",
    });
    const keys = [];
    for (let i = 0; i < MAX_ACTIVE_API_KEYS; i++) keys.push(await createApiKey(db, { userId: user.id, name: `key ${i}` }));
    expect(await failure(createApiKey(db, { userId: user.id, name: "one too many" }))).toMatchObject({
      code: "TOO_MANY_API_KEYS",
      kind: "conflict",
    });
    await revokeApiKey(db, { userId: user.id, id: keys[0]!.id });
    await expect(createApiKey(db, { userId: user.id, name: "replacement" })).resolves.toMatchObject({ name: "replacement" });
    expect(await db.apiKey.count({ where: { userId: user.id } })).toBe(MAX_ACTIVE_API_KEYS + 1);
  });
});
