import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assertNoTransactionControl, checksumOf, lineAt, MigrationError, readMigrations, redactUrl } from "./migrate";
import { defaultMigrationsDir } from "./paths";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lore-migrations-"));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("readMigrations", () => {
  it("lists migration folders in name order with Prisma's checksum", () => {
    const dir = migrationsDir({ "20260102000000_second": "SELECT 2;", "20260101000000_first": "SELECT 1;" });
    writeFileSync(join(dir, "migration_lock.toml"), 'provider = "postgresql"');
    mkdirSync(join(dir, "not-a-migration"));
    const migrations = readMigrations(dir);
    expect(migrations.map((m) => m.name)).toEqual(["20260101000000_first", "20260102000000_second"]);
    expect(migrations[0]?.checksum).toBe(createHash("sha256").update("SELECT 1;").digest("hex"));
  });

  it("fails clearly when a folder has no migration.sql", () => {
    const dir = migrationsDir({});
    mkdirSync(join(dir, "20260101000000_empty"));
    expect(() => readMigrations(dir)).toThrowError(/20260101000000_empty has no migration.sql/);
  });

  it("reads the repository's migrations", () => {
    const migrations = readMigrations(defaultMigrationsDir());
    expect(migrations[0]?.name).toBe("20261124000000_init");
    for (const migration of migrations) expect(() => assertNoTransactionControl(migration)).not.toThrow();
  });
});

describe("helpers", () => {
  it("hashes bytes as hex SHA-256", () => {
    expect(checksumOf("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("turns a character offset into a line number", () => {
    expect(lineAt("a\nb\nc", 0)).toBe(1);
    expect(lineAt("a\nb\nc", 4)).toBe(3);
  });

  it("rejects migrations that manage their own transaction, ignoring comments and function bodies", () => {
    expect(() => assertNoTransactionControl({ name: "x", sql: "BEGIN;\nCREATE TABLE t ();\nCOMMIT;" })).toThrowError(MigrationError);
    expect(() => assertNoTransactionControl({ name: "x", sql: "-- BEGIN;\nSELECT 1;" })).not.toThrow();
    expect(() =>
      assertNoTransactionControl({
        name: "x",
        sql: "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN NEW;\nEND;\n$$;",
      }),
    ).not.toThrow();
  });

  it("hides passwords in connection strings", () => {
    expect(redactUrl("postgresql://lore:secret@db:5432/lore")).toBe("postgresql://lore:***@db:5432/lore");
  });
});
