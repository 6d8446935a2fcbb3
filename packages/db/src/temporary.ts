import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import pg from "pg";
import { createPrismaClient } from "./client";
import { startEmbeddedServer } from "./embedded";
import { generatePassword, readPasswordFile, withPassword } from "./embedded-auth";
import { env } from "./env";
import type { PrismaClient } from "./generated/prisma/client";
import { migrate as runMigrations, readMigrations } from "./migrate";
import { defaultMigrationsDir } from "./paths";

/*
 * Temporary databases, for integration tests and for the evaluation and benchmark commands: a real
 * Postgres (PGlite + pgvector behind the wire protocol) per call, never a mock.
 *
 * Creating a PGlite database runs initdb and applying the migrations takes seconds more, so both
 * are done once and kept as template directories in the OS temp folder, keyed by the PGlite version
 * and the migrations' checksums. Each database is a copy of a template opened by a new server, which
 * is fast. A changed migration gets a new key, hence a new template; templates unused for a week are
 * deleted.
 */

export interface TemporaryDatabaseOptions {
  /** Apply prisma/migrations (default true). false gives an empty database. */
  migrate?: boolean;
  /** Another migrations folder (tests of the migration runner). */
  migrationsDir?: string;
  /**
   * A real PostgreSQL server to create the database on (default: LORE_TEST_DATABASE_URL; unset =
   * an embedded server). Ignored by `createTestDataDir`.
   */
  serverUrl?: string;
}

export interface TemporaryDatabase {
  url: string;
  prisma: PrismaClient;
  /** True on an embedded server (false on LORE_TEST_DATABASE_URL's server). */
  embedded: boolean;
  /** Disconnects Prisma, stops the server and deletes the database. */
  stop(): Promise<void>;
}

const TEMPLATE_ROOT = join(tmpdir(), "lore-db-templates");
const TEMPLATE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

function pgliteVersions(): string {
  const require = createRequire(import.meta.url);
  const versionOf = (name: string) => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      return "unknown";
    }
  };
  return `${versionOf("@electric-sql/pglite")}+${versionOf("@electric-sql/pglite-pgvector")}`;
}

function templateKey(parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}

function pruneOldTemplates(keep: Set<string>): void {
  if (!existsSync(TEMPLATE_ROOT)) return;
  for (const name of readdirSync(TEMPLATE_ROOT)) {
    const path = join(TEMPLATE_ROOT, name);
    if (keep.has(path)) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > TEMPLATE_MAX_AGE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      /* another process is pruning too */
    }
  }
}

/** Builds `target` with `build(dir)` in a scratch directory, then publishes it atomically. */
async function publishTemplate(target: string, build: (dir: string) => Promise<void>): Promise<void> {
  if (existsSync(target)) {
    const now = new Date();
    utimesSync(target, now, now); // marks it as used, for pruning
    return;
  }
  mkdirSync(TEMPLATE_ROOT, { recursive: true });
  const scratch = join(TEMPLATE_ROOT, `.building-${process.pid}-${randomUUID().slice(0, 8)}`);
  try {
    await build(scratch);
    try {
      renameSync(scratch, target);
    } catch (error) {
      // Another test process published the same template first; theirs is as good as ours.
      if (!existsSync(target)) throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const templates = new Map<string, Promise<string>>();

function memo(key: string, make: () => Promise<string>): Promise<string> {
  let promise = templates.get(key);
  if (!promise) {
    promise = make();
    templates.set(key, promise);
    promise.catch(() => templates.delete(key));
  }
  return promise;
}

function emptyTemplate(): Promise<string> {
  const target = join(TEMPLATE_ROOT, `empty-${templateKey([pgliteVersions()])}`);
  return memo(target, async () => {
    await publishTemplate(target, async (dir) => {
      const db = await PGlite.create({ dataDir: dir, extensions: { vector } });
      await db.close();
    });
    return target;
  });
}

function migratedTemplate(migrationsDir: string): Promise<string> {
  const migrations = readMigrations(migrationsDir);
  const target = join(TEMPLATE_ROOT, `migrated-${templateKey([pgliteVersions(), ...migrations.map((m) => `${m.name}:${m.checksum}`)])}`);
  return memo(target, async () => {
    const empty = await emptyTemplate();
    await publishTemplate(target, async (dir) => {
      cpSync(empty, dir, { recursive: true });
      // A password of its own, not written into the template: each copy gets its own at its start.
      const server = await startEmbeddedServer({ dataDir: dir, password: generatePassword() });
      try {
        await runMigrations({ url: server.url, migrationsDir });
      } finally {
        await server.stop();
      }
    });
    pruneOldTemplates(new Set([empty, target]));
    return target;
  });
}

/**
 * A new PGlite data directory in the temp folder, migrated unless `migrate: false`, for tests that
 * run `startEmbeddedServer` themselves (restarts, locks). The caller deletes it.
 */
export async function createTestDataDir(options: TemporaryDatabaseOptions = {}): Promise<string> {
  const template =
    options.migrate === false ? await emptyTemplate() : await migratedTemplate(options.migrationsDir ?? defaultMigrationsDir());
  const dataDir = mkdtempSync(join(tmpdir(), "lore-test-db-"));
  cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** Runs `work` with a new pg client on `url`, closed afterwards. */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function adminQuery(url: string, sql: string): Promise<pg.QueryResult> {
  return withPgClient(url, (client) => client.query(sql));
}

/** A throwaway database on a real PostgreSQL server (LORE_TEST_DATABASE_URL). */
async function startOnServer(serverUrl: string, options: TemporaryDatabaseOptions): Promise<TemporaryDatabase> {
  const { rows } = await adminQuery(serverUrl, "SELECT version() AS version");
  if (String(rows[0]?.version).includes("PGlite")) {
    // PGlite serves one database whatever the URL says: the "throwaway" database would be the live one.
    throw new Error(
      "LORE_TEST_DATABASE_URL points at an embedded PGlite server, which cannot hold separate test databases. Unset it to use embedded test servers.",
    );
  }
  const name = `lore_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    if (options.migrate !== false) await runMigrations({ url: url.toString(), migrationsDir: options.migrationsDir });
  } catch (error) {
    await drop();
    throw error;
  }
  const prisma = createPrismaClient(url.toString());
  let stopping: Promise<void> | null = null;
  return {
    url: url.toString(),
    prisma,
    embedded: false,
    stop: () => {
      stopping ??= (async () => {
        try {
          await prisma.$disconnect();
        } finally {
          await drop();
        }
      })();
      return stopping;
    },
  };
}

/**
 * A fresh, migrated database with a Prisma client: on its own embedded server and free port (with a random
 * password, which only its URL carries), or, when LORE_TEST_DATABASE_URL is set, a new database on that PostgreSQL
 * server. Call `stop()` in afterAll.
 */
export async function startTemporaryDatabase(options: TemporaryDatabaseOptions = {}): Promise<TemporaryDatabase> {
  const serverUrl = options.serverUrl ?? env.LORE_TEST_DATABASE_URL;
  if (serverUrl) return startOnServer(serverUrl, options);

  const dataDir = await createTestDataDir(options);

  let server: Awaited<ReturnType<typeof startEmbeddedServer>>;
  try {
    server = await startEmbeddedServer({ dataDir, port: 0, password: generatePassword() });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const prisma = createPrismaClient(server.url);

  let stopping: Promise<void> | null = null;
  return {
    url: server.url,
    prisma,
    embedded: true,
    stop: () => {
      stopping ??= (async () => {
        try {
          await prisma.$disconnect();
          await server.stop();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
}

/**
 * Like {@link startTemporaryDatabase}, but the embedded server runs in a child process (`src/cli/server.ts`), as
 * `npm start` runs it: apart from the apps and the worker. For benchmarks, where a server sharing the
 * caller's event loop and core would measure the two competing rather than the database.
 */
export async function startTemporaryDatabaseProcess(
  options: Pick<TemporaryDatabaseOptions, "migrationsDir"> = {},
): Promise<TemporaryDatabase> {
  const template = await migratedTemplate(options.migrationsDir ?? defaultMigrationsDir());
  const root = mkdtempSync(join(tmpdir(), "lore-test-db-"));
  cpSync(template, join(root, "pg"), { recursive: true }); // the server keeps its data in $LORE_DATA_DIR/pg
  const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
  const child = spawn(process.execPath, ["--import", "tsx", join("src", "cli", "server.ts")], {
    cwd: packageDir,
    // Hands the environment on to the child (PATH, NODE_OPTIONS…); no setting is read from it here.
    // eslint-disable-next-line no-restricted-properties
    env: { ...process.env, LORE_DATA_DIR: root, LORE_DB_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const cleanUp = () => rmSync(root, { recursive: true, force: true });
  let url: string;
  try {
    const printed = await new Promise<string>((resolve, reject) => {
      let output = "";
      const onData = (data: Buffer) => {
        output += data.toString();
        const match = /DATABASE_URL=(\S+)/.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("exit", (code) => reject(new Error(`The embedded database process exited (${code}) before it was ready:\n${output}`)));
      child.once("error", reject);
    });
    // The password from the file the server wrote at its start (a printed URL leaves it out).
    const password = readPasswordFile(join(root, "pg"));
    url = password === null ? printed : withPassword(printed, password);
  } catch (error) {
    child.kill("SIGKILL");
    cleanUp();
    throw error;
  }
  child.stdout.resume();
  child.stderr.resume();
  const prisma = createPrismaClient(url);
  let stopping: Promise<void> | null = null;
  return {
    url,
    prisma,
    embedded: true,
    stop: () => {
      stopping ??= (async () => {
        try {
          await prisma.$disconnect();
          if (child.exitCode === null) {
            const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
            child.kill("SIGTERM"); // the server flushes and closes on SIGTERM
            await exited;
          }
        } finally {
          cleanUp();
        }
      })();
      return stopping;
    },
  };
}
