/**
 * Test helpers (tests only; lint keeps product code out): temporary databases under their test names, and
 * {@link useTestDatabase}, the one set-up every integration test file shares.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { PrismaClient } from "./generated/prisma/client";
import { startTemporaryDatabase, type TemporaryDatabase, type TemporaryDatabaseOptions } from "./temporary";

export {
  createTestDataDir,
  startTemporaryDatabase as startTestDatabase,
  startTemporaryDatabaseProcess as startTestDatabaseProcess,
  withPgClient,
  type TemporaryDatabase as TestDatabase,
  type TemporaryDatabaseOptions as TestDatabaseOptions,
} from "./temporary";

export interface UsedTestDatabase {
  /** The database, once the file's beforeAll has run. */
  readonly db: TemporaryDatabase;
  readonly prisma: PrismaClient;
  readonly url: string;
  /** True on an embedded server (false on LORE_TEST_DATABASE_URL's server). */
  readonly embedded: boolean;
}

export interface UseTestDatabaseOptions extends TemporaryDatabaseOptions {
  /**
   * A fresh database for each test (started in beforeEach, stopped in afterEach), for tests that must each start
   * from an empty knowledge base; default false: one database for the file (or describe block).
   */
  perTest?: boolean;
}

/**
 * A fresh, migrated database for the calling test file (or describe block, when called inside one): started in
 * beforeAll, stopped in afterAll (with `perTest`, one per test: beforeEach and afterEach). Read its fields inside
 * hooks and tests (they throw before the database has started).
 *
 * Vitest runs beforeAll hooks in the order they were registered and afterAll hooks in reverse (`sequence.hooks`
 * "stack", its default): a file's own beforeAll after this call sees the database, and its own afterAll (stopping a
 * worker, say) runs before the database stops.
 */
export function useTestDatabase(options: UseTestDatabaseOptions = {}): UsedTestDatabase {
  const { perTest = false, ...databaseOptions } = options;
  let current: TemporaryDatabase | undefined;
  (perTest ? beforeEach : beforeAll)(async () => {
    current = await startTemporaryDatabase(databaseOptions);
  });
  (perTest ? afterEach : afterAll)(async () => {
    const stopping = current;
    current = undefined;
    await stopping?.stop();
  });
  const started = () => {
    if (!current)
      throw new Error("useTestDatabase(): the database starts in beforeAll (beforeEach with perTest); read it inside a hook or a test.");
    return current;
  };
  return {
    get db() {
      return started();
    },
    get prisma() {
      return started().prisma;
    },
    get url() {
      return started().url;
    },
    get embedded() {
      return started().embedded;
    },
  };
}
