/**
 * Test helpers (tests only; lint keeps product code out): temporary databases under their test names, and
 * {@link useTestDatabase}, the one set-up every integration test file shares.
 */
import { afterAll, beforeAll } from "vitest";
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
}

/**
 * A fresh, migrated database for the calling test file: started in beforeAll, stopped in afterAll. Read its
 * fields inside hooks and tests (they throw before the database has started).
 */
export function useTestDatabase(options: TemporaryDatabaseOptions = {}): UsedTestDatabase {
  let current: TemporaryDatabase | undefined;
  beforeAll(async () => {
    current = await startTemporaryDatabase(options);
  });
  afterAll(async () => {
    await current?.stop();
  });
  const started = () => {
    if (!current) throw new Error("useTestDatabase(): the database starts in beforeAll; read it inside a hook or a test.");
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
  };
}
