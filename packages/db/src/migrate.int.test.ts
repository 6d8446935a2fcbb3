import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, MigrationError, readMigrations } from "./migrate";
import { defaultMigrationsDir } from "./paths";
import { useTestDatabase, type TestDatabase } from "./testing";

// One server for the file; every test starts from an empty public schema (cheaper than a new
// server each time).
const shared = useTestDatabase({ migrate: false });
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function emptyDatabase(): Promise<TestDatabase> {
  await query(shared.url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  return shared.db;
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lore-migrations-"));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const rows = await query<{ exists: boolean }>(url, "SELECT to_regclass($1) IS NOT NULL AS exists", [`public.${table}`]);
  return rows[0]?.exists ?? false;
}

describe("migrate", () => {
  it("applies every migration to an empty database, records Prisma's bookkeeping, and is a no-op the second time", async () => {
    const db = await emptyDatabase();
    const expected = readMigrations(defaultMigrationsDir());
    const messages: string[] = [];

    const first = await migrate({ url: db.url, log: (m) => messages.push(m) });
    expect(first.applied).toEqual(expected.map((m) => m.name));
    expect(first.skipped).toEqual([]);
    expect(messages.some((m) => m.startsWith("applied migration 20261124000000_init"))).toBe(true);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      db.url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(expected.map((m) => m.name));
    for (const row of rows) {
      const file = readFileSync(join(defaultMigrationsDir(), row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }

    // Prisma's exact table, so `prisma migrate deploy/status` can read it.
    const columns = await query<{ column_name: string; data_type: string; max: number | null; is_nullable: string }>(
      db.url,
      `SELECT column_name, data_type, character_maximum_length AS max, is_nullable
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", max: 36, is_nullable: "NO" },
      { column_name: "checksum", data_type: "character varying", max: 64, is_nullable: "NO" },
      { column_name: "finished_at", data_type: "timestamp with time zone", max: null, is_nullable: "YES" },
      { column_name: "migration_name", data_type: "character varying", max: 255, is_nullable: "NO" },
      { column_name: "logs", data_type: "text", max: null, is_nullable: "YES" },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", max: null, is_nullable: "YES" },
      { column_name: "started_at", data_type: "timestamp with time zone", max: null, is_nullable: "NO" },
      { column_name: "applied_steps_count", data_type: "integer", max: null, is_nullable: "NO" },
    ]);

    const second = await migrate({ url: db.url });
    expect(second).toEqual({ applied: [], skipped: expected.map((m) => m.name), modified: [] });
  });

  it("rolls back a failing migration completely, names it, records nothing, and applies it once fixed", async () => {
    const db = await emptyDatabase();
    const dir = migrationsDir({
      "20260101000000_good": "CREATE TABLE good (id int PRIMARY KEY);\n",
      "20260102000000_broken": "CREATE TABLE partial (id int);\nINSERT INTO partial VALUES (1);\nINSERT INTO no_such_table VALUES (1);\n",
    });

    const error = await migrate({ url: db.url, migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe("20260102000000_broken");
    expect((error as Error).message).toMatch(
      /^Migration 20260102000000_broken failed: relation "no_such_table" does not exist \(migration\.sql line 3\)\. It was rolled back: nothing from it was applied\.$/,
    );

    expect(await tableExists(db.url, "good")).toBe(true);
    expect(await tableExists(db.url, "partial")).toBe(false);
    const recorded = await query<{ migration_name: string }>(db.url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).toEqual(["20260101000000_good"]);

    writeFileSync(join(dir, "20260102000000_broken", "migration.sql"), "CREATE TABLE partial (id int);\n");
    const retry = await migrate({ url: db.url, migrationsDir: dir });
    expect(retry.applied).toEqual(["20260102000000_broken"]);
    expect(retry.skipped).toEqual(["20260101000000_good"]);
    expect(await tableExists(db.url, "partial")).toBe(true);
  });

  it("lets concurrent runners apply each migration exactly once", async () => {
    const db = await emptyDatabase();
    const dir = migrationsDir({
      "20260101000000_a": "CREATE TABLE a (id int);",
      "20260102000000_b": "CREATE TABLE b (id int);",
      "20260103000000_c": "CREATE TABLE c (id int);",
    });
    const results = await Promise.all([1, 2, 3].map(() => migrate({ url: db.url, migrationsDir: dir })));
    const applied = results.flatMap((r) => r.applied).sort();
    expect(applied).toEqual(["20260101000000_a", "20260102000000_b", "20260103000000_c"]);
    const rows = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0]?.n).toBe(3);
  });

  it("warns about (or, if asked, refuses) an applied migration whose file changed", async () => {
    const db = await emptyDatabase();
    const dir = mkdtempSync(join(tmpdir(), "lore-migrations-"));
    dirs.push(dir);
    cpSync(defaultMigrationsDir(), dir, { recursive: true });
    await migrate({ url: db.url, migrationsDir: dir });

    const file = join(dir, "20261124000000_init", "migration.sql");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n-- an edit after the fact\n`);
    const messages: string[] = [];
    const result = await migrate({ url: db.url, migrationsDir: dir, log: (m) => messages.push(m) });
    expect(result.modified).toEqual(["20261124000000_init"]);
    expect(messages.join("\n")).toMatch(/warning: Migration 20261124000000_init was changed after it was applied/);
    await expect(migrate({ url: db.url, migrationsDir: dir, onChecksumMismatch: "error" })).rejects.toThrowError(
      /20261124000000_init was changed after it was applied/,
    );
  });

  it("stops at a migration `prisma migrate deploy` left half-done", async () => {
    const db = await emptyDatabase();
    const dir = migrationsDir({ "20260101000000_a": "CREATE TABLE a (id int);" });
    await migrate({ url: db.url, migrationsDir: dir });
    await query(db.url, `UPDATE "_prisma_migrations" SET finished_at = NULL`);
    await expect(migrate({ url: db.url, migrationsDir: dir })).rejects.toThrowError(/prisma migrate resolve --applied 20260101000000_a/);
  });

  it("explains an unreachable database", async () => {
    await expect(migrate({ url: "postgresql://lore:secret@127.0.0.1:1/lore" })).rejects.toThrowError(
      /^Could not connect to the database at postgresql:\/\/lore:\*\*\*@127\.0\.0\.1:1\/lore: .*ECONNREFUSED/,
    );
  });
});
