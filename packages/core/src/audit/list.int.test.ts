import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { auditEntries, listAuditLog, recordAudit } from ".";

const database = useTestDatabase();

describe("the audit log's filters", () => {
  it("filters by exact actions, action prefixes, actor, target and time, and pages by keyset within the filter", async () => {
    const db = database.prisma;
    const alice = { id: "alice-id", email: "alice@test.lore" };
    const bob = { id: "bob-id", email: "bob@test.lore" };
    await recordAudit(db, { actor: alice, action: "document.deleted", targetType: "document", targetId: "d1" });
    await recordAudit(db, { actor: bob, action: "document.access_changed", targetType: "document", targetId: "d2" });
    await recordAudit(db, { actor: alice, action: "user.deactivated", targetType: "user", targetId: "u1" });
    await recordAudit(db, { actor: alice, action: "documentation.odd", targetType: "x", targetId: "d1" });
    for (let i = 0; i < 5; i++) await recordAudit(db, { actor: bob, action: "example.updated", targetType: "example", targetId: `e${i}` });

    const actions = async (filters: Parameters<typeof listAuditLog>[1]) =>
      (await listAuditLog(db, filters)).items.map((e) => `${e.action} ${e.targetId}`);

    expect(await actions({ limit: 50, actions: ["document."] })).toEqual(["document.access_changed d2", "document.deleted d1"]);
    expect(await actions({ limit: 50, actions: ["user.deactivated", "document.deleted"] })).toEqual([
      "user.deactivated u1",
      "document.deleted d1",
    ]);
    expect(await actions({ limit: 50, actorId: alice.id, targetType: "document" })).toEqual(["document.deleted d1"]);
    expect(await actions({ limit: 50, actorEmail: "ALICE@test.lore", actions: ["user."] })).toEqual(["user.deactivated u1"]);
    expect(await actions({ limit: 50, targetId: "d1" })).toEqual(["documentation.odd d1", "document.deleted d1"]);

    const all = await listAuditLog(db, { limit: 50 });
    const cut = all.items.find((e) => e.action === "user.deactivated")!.at;
    const later = await listAuditLog(db, { limit: 50, from: cut });
    expect(later.items.every((e) => e.at >= cut)).toBe(true);
    expect((await listAuditLog(db, { limit: 50, to: cut })).items.every((e) => e.at < cut)).toBe(true);
    expect(await actions({ limit: 50, from: new Date(Date.now() + 86_400_000) })).toEqual([]);

    // Paging through a filter: two by two, no entry twice, none missed, newest first.
    const first = await listAuditLog(db, { limit: 2, actions: ["example."] });
    const second = await listAuditLog(db, { limit: 2, actions: ["example."], cursor: first.nextCursor! });
    const third = await listAuditLog(db, { limit: 2, actions: ["example."], cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((e) => e.targetId)).toEqual(["e4", "e3", "e2", "e1", "e0"]);
    expect(third.nextCursor).toBeNull();

    const streamed: string[] = [];
    for await (const entry of auditEntries(db, { actions: ["example."] }, 2)) streamed.push(entry.targetId!);
    expect(streamed).toEqual(["e4", "e3", "e2", "e1", "e0"]);
  });
});
