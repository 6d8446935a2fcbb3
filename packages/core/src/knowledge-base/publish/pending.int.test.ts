import { describe, expect, it } from "vitest";
import { seed } from "@lore/db/seed";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../../embed/index";
import { search } from "../../retrieve/index";
import { indexPendingDocuments } from "./pending";

const db = useTestDatabase();

describe("indexing the seeded demo pages", () => {
  it("makes every demo page searchable, and keeps restricted pages away from people outside their groups", async () => {
    await seed(db.prisma, { demo: true, admin: null });
    const embedder = createHashingEmbedder();
    const pending = await db.prisma.document.count({ where: { status: "pending" } });
    expect(pending).toBeGreaterThanOrEqual(15);

    expect(await indexPendingDocuments(db.prisma, { embedder })).toEqual({ indexed: pending, failed: 0 });
    expect(await db.prisma.document.count({ where: { status: { not: "ready" } } })).toBe(0);
    expect(await indexPendingDocuments(db.prisma, { embedder })).toEqual({ indexed: 0, failed: 0 });

    const employee = await db.prisma.user.findUniqueOrThrow({
      where: { email: "employee@lore.local" },
      include: { memberships: { include: { group: true } } },
    });
    const employeeGroups = new Set(employee.memberships.map((m) => m.group.name));
    const results = await search(db.prisma, { query: "salary bands merit budget", userId: employee.id, k: 20 }, { embedder });
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      const access = await db.prisma.documentAccess.findMany({ where: { documentId: result.documentId }, include: { group: true } });
      expect(access.length === 0 || access.some((a) => employeeGroups.has(a.group.name)), `${result.title} leaked`).toBe(true);
    }
    const anonymous = await search(db.prisma, { query: "parental leave", userId: null, k: 5 }, { embedder });
    expect(anonymous[0]?.title.toLowerCase()).toContain("parental leave");
  });
});
