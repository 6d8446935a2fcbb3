import { describe, expect, it } from "vitest";
import { createPrismaClient } from "./client";
import { useTestDatabase } from "./testing";

describe("statement timeout of the request path", () => {
  const db = useTestDatabase();

  // PGlite has no timers to cancel a statement with, so this can only be seen on a PostgreSQL server
  // (LORE_TEST_DATABASE_URL; docs/development.md).
  it("cancels a statement that runs longer than the limit", async (context) => {
    if (db.embedded) context.skip();
    const limited = createPrismaClient(db.url, { statementTimeoutMs: 200, maxConnections: 1 });
    try {
      const startedAt = Date.now();
      await expect(limited.$queryRaw`SELECT pg_sleep(3)`).rejects.toThrow(/statement timeout/);
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      expect(await limited.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    } finally {
      await limited.$disconnect();
    }
  });

  it("leaves clients without the option unlimited", async () => {
    const unlimited = createPrismaClient(db.url, { maxConnections: 1 });
    try {
      expect(await unlimited.$queryRaw`SELECT current_setting('statement_timeout') AS timeout`).toEqual([{ timeout: "0" }]);
    } finally {
      await unlimited.$disconnect();
    }
  });
});
