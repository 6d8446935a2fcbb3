import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { defaultMigrationsDir } from "./paths";

/*
 * Applies prisma/migrations without Prisma's schema engine (which cannot be downloaded on
 * air-gapped machines). It keeps Prisma's bookkeeping table, `_prisma_migrations`, with the same
 * columns and checksums, so `prisma migrate deploy` and `migrate status` keep working wherever the
 * engine is available, and either tool can take over from the other.
 */

/** Prisma's own advisory lock key, so this runner and `prisma migrate deploy` exclude each other. */
const LOCK_KEY = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateOptions {
  /** Connection string of the target database. */
  url: string;
  /** Defaults to the repository's prisma/migrations. */
  migrationsDir?: string;
  /** Progress messages, one line each. Silent by default. */
  log?: (message: string) => void;
  /**
   * What to do when an applied migration's file no longer matches what was applied: "warn"
   * (default) logs and goes on — the database already has that migration, and a harmless change
   * (line endings, a comment) must not stop the product from starting; "error" refuses to run.
   */
  onChecksumMismatch?: "warn" | "error";
}

export interface MigrateResult {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Migrations that were already applied. */
  skipped: string[];
  /** Already-applied migrations whose migration.sql has changed since. */
  modified: string[];
}

export interface MigrationFile {
  name: string;
  path: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  readonly code = "MIGRATION_FAILED";
  constructor(
    readonly migration: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

/** Prisma's checksum: SHA-256 of the file's bytes, hex. */
export function checksumOf(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const FOLDER = /^\d+_[\w-]+$/;

/** The migrations in `dir`, in the order they apply (folder names start with a timestamp). */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new Error(`The migrations folder ${dir} does not exist.`);
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && FOLDER.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return folders.map((name) => {
    const path = join(dir, name, "migration.sql");
    if (!existsSync(path)) throw new Error(`Migration ${name} has no migration.sql (expected ${path}).`);
    const bytes = readFileSync(path);
    return { name, path, sql: bytes.toString("utf8"), checksum: checksumOf(bytes) };
  });
}

const TRANSACTION_CONTROL = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK)\s*;/im;

/**
 * The runner wraps each migration in a transaction; a migration that commits by itself would
 * leave half of it applied and unrecorded if a later statement failed. (`prisma migrate diff`
 * emits BEGIN/COMMIT around some enum changes: delete those lines.)
 */
export function assertNoTransactionControl(migration: Pick<MigrationFile, "name" | "sql">): void {
  const withoutComments = migration.sql.replace(/--[^\n]*/g, "");
  const match = TRANSACTION_CONTROL.exec(withoutComments);
  if (match) {
    throw new MigrationError(
      migration.name,
      `Migration ${migration.name} contains \`${match[0].trim()}\`. Migrations must not manage transactions: the runner ` +
        "applies each one in its own transaction. Remove the BEGIN/COMMIT lines.",
    );
  }
}

/** The connection string without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable connection string)";
  }
}

/** 1-based line of a character offset, to point at the failing statement in migration.sql. */
export function lineAt(sql: string, position: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(position, sql.length); i++) if (sql.charCodeAt(i) === 10) line++;
  return line;
}

function describePgError(error: unknown, sql: string): string {
  const e = error as pg.DatabaseError;
  const parts = [e.message ?? String(error)];
  const position = Number(e.position);
  if (Number.isFinite(position) && position > 0) parts.push(`(migration.sql line ${lineAt(sql, position - 1)})`);
  if (e.detail) parts.push(`— ${e.detail}`);
  return parts.join(" ");
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function inTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    // Serialises concurrent runners (two app instances starting at once). Transaction-scoped
    // because the embedded server shares one session between connections, where session locks
    // exclude no one.
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

async function readApplied(client: pg.Client): Promise<Map<string, AppliedRow>> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  const applied = new Map<string, AppliedRow>();
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        row.migration_name,
        `Migration ${row.migration_name} is recorded as started but never finished (a failed \`prisma migrate deploy\`). ` +
          `Check the database by hand, then mark it with \`prisma migrate resolve --applied ${row.migration_name}\` or ` +
          `\`--rolled-back ${row.migration_name}\` before migrating again.`,
      );
    }
    applied.set(row.migration_name, row);
  }
  return applied;
}

/**
 * Brings the database at `url` up to date with the migrations folder. Each pending migration runs
 * in its own transaction together with its `_prisma_migrations` record: it is applied completely
 * or not at all. Running it again is a no-op.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const dir = options.migrationsDir ?? defaultMigrationsDir();
  const log = options.log ?? (() => undefined);
  const migrations = readMigrations(dir);

  const client = new pg.Client({ connectionString: options.url });
  // Without a listener, a server-side disconnect would crash the process instead of failing the query.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Could not connect to the database at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const applied = await inTransaction(client, async () => {
      await client.query(CREATE_MIGRATIONS_TABLE);
      return readApplied(client);
    });

    const result: MigrateResult = { applied: [], skipped: [], modified: [] };
    const known = new Set(migrations.map((m) => m.name));
    for (const name of applied.keys()) {
      if (!known.has(name)) log(`warning: the database has migration ${name}, which is not in ${dir} (is this an older version of Lore?)`);
    }
    for (const migration of migrations) {
      const row = applied.get(migration.name);
      if (!row) continue;
      if (row.checksum !== migration.checksum) {
        result.modified.push(migration.name);
        const message = `Migration ${migration.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${migration.checksum.slice(0, 12)}… on disk). The database keeps what was applied; put changes in a new migration.`;
        if (options.onChecksumMismatch === "error") throw new MigrationError(migration.name, message);
        log(`warning: ${message}`);
      }
    }

    // Checked for all pending migrations before applying any, so a bad one cannot stop a run halfway.
    for (const migration of migrations) if (!applied.has(migration.name)) assertNoTransactionControl(migration);

    for (const migration of migrations) {
      if (applied.has(migration.name)) {
        result.skipped.push(migration.name);
        continue;
      }
      log(`applying migration ${migration.name}`);
      const started = performance.now();
      const outcome = await inTransaction(client, async () => {
        // Another runner may have applied it while we waited for the lock.
        const again = await client.query(
          `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
          [migration.name],
        );
        if (again.rowCount) return "already" as const;
        try {
          // No parameters: pg uses the simple protocol, which runs a multi-statement script.
          await client.query(migration.sql);
        } catch (error) {
          throw new MigrationError(
            migration.name,
            `Migration ${migration.name} failed: ${describePgError(error, migration.sql)}. It was rolled back: nothing from it was applied.`,
            { cause: error },
          );
        }
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        return "applied" as const;
      }).catch((error: unknown) => {
        if (error instanceof MigrationError) throw error;
        // E.g. a deferred constraint failing at COMMIT, or the connection dropping.
        throw new MigrationError(
          migration.name,
          `Migration ${migration.name} failed: ${describePgError(error, migration.sql)}. Its transaction did not commit; ` +
            "nothing from it was recorded as applied.",
          { cause: error },
        );
      });
      if (outcome === "already") {
        result.skipped.push(migration.name);
        log(`migration ${migration.name} was applied meanwhile by another process`);
      } else {
        result.applied.push(migration.name);
        log(`applied migration ${migration.name} in ${Math.round(performance.now() - started)} ms`);
      }
    }
    return result;
  } finally {
    await client.end().catch(() => undefined);
  }
}
