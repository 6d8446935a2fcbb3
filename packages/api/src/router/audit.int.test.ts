import { beforeAll, describe, expect, it } from "vitest";
import { useHarness } from "../../test/harness";

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
});
