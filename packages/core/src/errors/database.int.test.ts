import { describe, expect, it } from "vitest";
import { createPrismaClient } from "@lore/db";
import { useTestDatabase } from "@lore/db/testing";
import { databaseError, failureSummary, isDatabaseUnreachable, isRefusedData } from "./database";

const db = useTestDatabase();

/** The error a statement fails with. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error("expected the statement to fail");
    },
    (error: unknown) => error,
  );
}

describe("errors from the database", () => {
  it("tell content the server refuses (classes 22 and 54) from other failures", async () => {
    const tooLong = await failure(
      () => db.prisma.$executeRaw`SELECT to_tsvector('simple', string_agg('w' || g, ' ')) FROM generate_series(1, 300000) g`,
    );
    expect(databaseError(tooLong)).toEqual({ code: "54000", message: expect.stringMatching(/^string is too long for tsvector/) });
    expect(isRefusedData(databaseError(tooLong))).toBe(true);
    const badNumber = await failure(() => db.prisma.$executeRaw`SELECT ${"x"}::int`);
    expect(isRefusedData(databaseError(badNumber))).toBe(true);

    await db.prisma.$executeRaw`CREATE TEMP TABLE once (id int PRIMARY KEY)`;
    await db.prisma.$executeRaw`INSERT INTO once VALUES (1)`;
    const duplicate = await failure(() => db.prisma.$executeRaw`INSERT INTO once VALUES (1)`);
    expect(databaseError(duplicate)?.code).toBe("23505");
    expect(isRefusedData(databaseError(duplicate))).toBe(false);
    expect(databaseError(new Error("not from the database"))).toBeNull();
  });

  it("are summed up for a job's record in one line, without Prisma's call site or an excerpt of our code", async () => {
    const tooLong = await failure(
      () => db.prisma.$executeRaw`SELECT to_tsvector('simple', string_agg('w' || g, ' ')) FROM generate_series(1, 300000) g`,
    );
    expect((tooLong as Error).message).toMatch(/invocation/); // what the summary leaves out
    expect(failureSummary(tooLong)).toMatch(
      /^The database refused it \(54000: string is too long for tsvector \(\d+ bytes, max 1048575 bytes\)\)\.$/,
    );

    const invalid = await failure(() => db.prisma.document.findMany({ where: { nosuchfield: 1 } as never }));
    expect((invalid as Error).message).toMatch(/database\.int\.test\.ts|nosuchfield/);
    expect(failureSummary(invalid)).toBe("A database operation failed; the worker's log has the details.");

    expect(failureSummary(new Error("embedding server down\n    at somewhere (/srv/app.js:1:1)"))).toBe("embedding server down");
    expect(failureSummary("x".repeat(600))).toBe(`${"x".repeat(500)}…`);
  });

  it("say so plainly when there is no database to talk to", async () => {
    const nowhere = createPrismaClient("postgresql://postgres:postgres@127.0.0.1:1/lore"); // nothing listens on port 1
    try {
      for (const run of [() => nowhere.document.count(), () => nowhere.$queryRaw`SELECT 1`]) {
        const error = await failure(run);
        expect(isDatabaseUnreachable(error)).toBe(true);
        expect(failureSummary(error)).toBe("The database could not be reached; check that it is running.");
      }
    } finally {
      await nowhere.$disconnect();
    }
    expect(isDatabaseUnreachable(new Error("ECONNREFUSED"))).toBe(false);
  });
});
