import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

// Entries to page through: an admin's sign-up and the groups they create.
beforeAll(async () => {
  const caller = await h.callerFor((await h.createUser("admin")).cookie);
  for (const name of ["audit-a", "audit-b", "audit-c"]) await caller.admin.groups.create({ name });
});

describe("admin.audit", () => {
  it("pages through the audit log newest first", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    const first = await caller.admin.audit.list({ limit: 3 });
    expect(first.items).toHaveLength(3);
    const ids = first.items.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    const second = await caller.admin.audit.list({ limit: 3, cursor: first.nextCursor! });
    expect(BigInt(second.items[0]!.id)).toBeLessThan(ids.at(-1)!);
  });

  it("filters by action family, actor and time range", async () => {
    const admin = await h.createUser("admin");
    const caller = await h.callerFor(admin.cookie);
    await caller.admin.groups.create({ name: `filter-${Date.now()}` });
    const mine = await caller.admin.audit.list({ actions: ["group."], actorId: admin.id });
    expect(mine.items.map((e) => e.action)).toEqual(["group.created"]);
    const byEmail = await caller.admin.audit.list({ actorEmail: admin.email.toUpperCase(), actions: ["auth.sign_in", "group.created"] });
    expect(byEmail.items.map((e) => e.action)).toEqual(["group.created", "auth.sign_in"]);
    expect((await caller.admin.audit.list({ actorId: admin.id, from: new Date(Date.now() + 60_000) })).items).toEqual([]);
    expect(await errorCode(caller.admin.audit.list({ actions: ["DROP TABLE"] }))).toBe("BAD_REQUEST");
  });
});
