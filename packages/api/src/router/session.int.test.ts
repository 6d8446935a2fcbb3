import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useHarness } from "../../test/harness";

const h = useHarness();

describe("health and session", () => {
  it("session.me returns the user, their role and groups", async () => {
    const user = await h.createUser();
    const group = await h.db.group.create({ data: { id: randomUUID(), name: `me-${Date.now()}` } });
    await h.db.groupMembership.create({ data: { userId: user.id, groupId: group.id } });
    const me = await (await h.callerFor(user.cookie)).session.me();
    expect(me).toMatchObject({ id: user.id, email: user.email, role: "employee", groups: [{ id: group.id, name: group.name }] });
  });
});
