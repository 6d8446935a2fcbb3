// apiKeys.*: each user creates, lists and revokes their own keys, and no one else's.
import { describe, expect, it } from "vitest";
import { authenticateApiKey } from "@lore/core/api-keys";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

describe("apiKeys", () => {
  it("creates a key whose secret is shown once, lists it without the secret, and revokes it", async () => {
    const user = await h.createUser();
    const caller = await h.callerFor(user.cookie);
    const created = await caller.apiKeys.create({ name: "Raycast" });
    expect(created).toMatchObject({ name: "Raycast", prefix: created.secret.slice(0, 12), expiresAt: null });
    expect(await authenticateApiKey(h.db, created.secret)).toMatchObject({ id: user.id });

    const listed = await caller.apiKeys.list();
    expect(listed).toMatchObject([{ id: created.id, name: "Raycast", prefix: created.prefix, revokedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(12));
    expect(listed[0]).not.toHaveProperty("hashedKey");

    const revoked = await caller.apiKeys.revoke({ id: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiKey(h.db, created.secret)).toBeNull();
  });

  it("never lists or revokes someone else's key", async () => {
    const owner = await h.createUser();
    const other = await h.createUser("admin");
    const key = await (await h.callerFor(owner.cookie)).apiKeys.create({ name: "mine" });
    const caller = await h.callerFor(other.cookie);
    expect(await caller.apiKeys.list()).toEqual([]);
    expect(await errorCode(caller.apiKeys.revoke({ id: key.id }))).toBe("NOT_FOUND");
    expect(await authenticateApiKey(h.db, key.secret)).not.toBeNull();
  });

  it("validates its input", async () => {
    const caller = await h.callerFor((await h.createUser()).cookie);
    expect(await errorCode(caller.apiKeys.create({ name: "   " }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.apiKeys.create({ name: "old", expiresAt: new Date(Date.now() - 1000) }))).toBe("BAD_REQUEST");
  });
});
