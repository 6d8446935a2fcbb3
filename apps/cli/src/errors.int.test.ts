/**
 * The CLI's one line for the database's errors (moved here from packages/core/src/errors/database.int.test.ts, which
 * tests the summaries it is built on).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@lore/db";
import { startTestDatabase } from "@lore/db/testing";
import { failureSummary } from "@lore/core/errors";
import { errorLine } from "./errors";

let db: Awaited<ReturnType<typeof startTestDatabase>>;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => db?.stop());

/** The error a statement fails with. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error("expected the statement to fail");
    },
    (error: unknown) => error,
  );
}

describe("the CLI's line for errors from the database", () => {
  it("is the summary of what the server refused", async () => {
    const tooLong = await failure(
      () => db.prisma.$executeRaw`SELECT to_tsvector('simple', string_agg('w' || g, ' ')) FROM generate_series(1, 300000) g`,
    );
    expect(errorLine(tooLong)).toBe(failureSummary(tooLong)); // the CLI's one line
  });

  it("says so plainly when there is no database to talk to", async () => {
    const nowhere = createPrismaClient("postgresql://postgres:postgres@127.0.0.1:1/lore"); // nothing listens on port 1
    try {
      for (const run of [() => nowhere.document.count(), () => nowhere.$queryRaw`SELECT 1`]) {
        const error = await failure(run);
        expect(errorLine(error)).toBe("cannot connect to the database. Is it running? Check DATABASE_URL.");
      }
    } finally {
      await nowhere.$disconnect();
    }
  });
});
