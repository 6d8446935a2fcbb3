/*
 * The migrations must create exactly what prisma/schema.prisma describes. Prisma's schema engine
 * (which would diff them) cannot run here, so this test does it: it migrates a fresh database and
 * compares the catalog with the schema, both ways: every model has its table, every field its
 * column (type, nullability, default), every key, index, foreign key and enum exists, and the
 * database holds no table or column the schema does not know.
 *
 * When it fails after a schema change: write the migration (prisma/migrations/<timestamp>_<name>/
 * migration.sql) that makes the database match.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "./generated/prisma/client";
import { schemaPath } from "./paths";
import { expectedColumn, hasDatabaseDefault, parsePrismaSchema, type SchemaModelSet } from "./schema-model";
import { useTestDatabase } from "./testing";

interface Catalog {
  columns: Map<string, Map<string, { udt: string; nullable: boolean; precision: number | null; hasDefault: boolean }>>;
  indexes: Map<string, { table: string; columns: string[]; unique: boolean; primary: boolean }>;
  foreignKeys: Map<
    string,
    { table: string; columns: string[]; referencedTable: string; referencedColumns: string[]; onDelete: string; onUpdate: string }
  >;
  enums: Map<string, string[]>;
}

/** Tables that exist on purpose without a model. */
const BOOKKEEPING_TABLES = new Set(["_prisma_migrations"]);

const ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

async function readCatalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
      datetime_precision: number | null;
      column_default: string | null;
      is_identity: string;
    }>(
      `SELECT c.table_name, c.column_name, c.udt_name, c.is_nullable, c.datetime_precision, c.column_default, c.is_identity
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
    );
    const indexes = await client.query<{ table: string; index: string; columns: string[]; unique: boolean; primary: boolean }>(
      `SELECT t.relname AS table, i.relname AS index, ix.indisunique AS unique, ix.indisprimary AS primary,
              array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
        WHERE ns.nspname = 'public'`,
    );
    const foreignKeys = await client.query<{
      name: string;
      table: string;
      referenced: string;
      columns: string[];
      referenced_columns: string[];
      del: string;
      upd: string;
    }>(
      `SELECT c.conname AS name, t.relname AS table, r.relname AS referenced,
              c.confdeltype AS del, c.confupdtype AS upd,
              array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
              array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS referenced_columns
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
        WHERE c.contype = 'f' AND ns.nspname = 'public'`,
    );
    const enums = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
         JOIN pg_namespace ns ON ns.oid = t.typnamespace
        WHERE ns.nspname = 'public' GROUP BY t.typname`,
    );

    const catalog: Catalog = { columns: new Map(), indexes: new Map(), foreignKeys: new Map(), enums: new Map() };
    for (const row of columns.rows) {
      const table = catalog.columns.get(row.table_name) ?? new Map();
      table.set(row.column_name, {
        udt: row.udt_name,
        nullable: row.is_nullable === "YES",
        precision: row.datetime_precision,
        // An identity column (GENERATED … AS IDENTITY) is what the schema's @default(autoincrement()) means.
        hasDefault: row.column_default !== null || row.is_identity === "YES",
      });
      catalog.columns.set(row.table_name, table);
    }
    for (const row of indexes.rows)
      catalog.indexes.set(row.index, { table: row.table, columns: row.columns, unique: row.unique, primary: row.primary });
    for (const row of foreignKeys.rows) {
      catalog.foreignKeys.set(row.name, {
        table: row.table,
        columns: row.columns,
        referencedTable: row.referenced,
        referencedColumns: row.referenced_columns,
        onDelete: ACTIONS[row.del] ?? row.del,
        onUpdate: ACTIONS[row.upd] ?? row.upd,
      });
    }
    for (const row of enums.rows) catalog.enums.set(row.name, row.values);
    return catalog;
  } finally {
    await client.end();
  }
}

/** Every difference between schema and database, as readable sentences. Empty = in sync. */
function differences(schema: SchemaModelSet, catalog: Catalog): string[] {
  const problems: string[] = [];
  const modelTables = new Set(schema.models.map((m) => m.table));

  for (const model of schema.models) {
    const table = catalog.columns.get(model.table);
    if (!table) {
      problems.push(`model ${model.name}: table "${model.table}" does not exist`);
      continue;
    }
    const columns = new Set<string>();
    for (const field of model.fields) {
      const expected = expectedColumn(field, schema.enums);
      if (!expected) continue;
      columns.add(field.column);
      const actual = table.get(field.column);
      const where = `${model.name}.${field.name} ("${model.table}"."${field.column}")`;
      if (!actual) {
        problems.push(`${where}: column does not exist`);
        continue;
      }
      if (actual.udt !== expected.udt) problems.push(`${where}: type is ${actual.udt}, the schema says ${expected.udt}`);
      if (actual.nullable !== expected.nullable)
        problems.push(
          `${where}: ${actual.nullable ? "nullable" : "NOT NULL"} in the database, ${expected.nullable ? "optional" : "required"} in the schema`,
        );
      if (expected.precision !== undefined && actual.precision !== expected.precision) {
        problems.push(`${where}: timestamp precision ${actual.precision}, the schema says ${expected.precision}`);
      }
      if (hasDatabaseDefault(field) !== actual.hasDefault) {
        problems.push(
          `${where}: ${actual.hasDefault ? "has a database default the schema does not declare" : "has no database default, the schema declares @default"}`,
        );
      }
    }
    for (const column of table.keys()) {
      if (!columns.has(column)) problems.push(`table "${model.table}" has column "${column}", which no field of ${model.name} maps to`);
    }

    for (const index of model.indexes) {
      const actual = catalog.indexes.get(index.name);
      if (!actual || actual.table !== model.table) {
        problems.push(
          `${model.name}: ${index.primary ? "primary key" : index.unique ? "unique index" : "index"} "${index.name}" on (${index.columns.join(", ")}) does not exist`,
        );
      } else if (
        actual.columns.join(",") !== index.columns.join(",") ||
        actual.unique !== index.unique ||
        actual.primary !== index.primary
      ) {
        problems.push(
          `${model.name}: index "${index.name}" is ${actual.unique ? "unique " : ""}on (${actual.columns.join(", ")}), the schema wants ${index.unique ? "unique " : ""}(${index.columns.join(", ")})`,
        );
      }
    }

    for (const fk of model.foreignKeys) {
      const actual = catalog.foreignKeys.get(fk.name);
      if (!actual) {
        problems.push(`${model.name}: foreign key "${fk.name}" (${fk.columns.join(", ")}) → ${fk.referencedTable} does not exist`);
        continue;
      }
      const want = `${fk.table}(${fk.columns}) → ${fk.referencedTable}(${fk.referencedColumns}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
      const have = `${actual.table}(${actual.columns}) → ${actual.referencedTable}(${actual.referencedColumns}) ON DELETE ${actual.onDelete} ON UPDATE ${actual.onUpdate}`;
      if (want !== have) problems.push(`${model.name}: foreign key "${fk.name}" is ${have}, the schema wants ${want}`);
    }
  }

  for (const table of catalog.columns.keys()) {
    if (!modelTables.has(table) && !BOOKKEEPING_TABLES.has(table)) problems.push(`table "${table}" exists but no model maps to it`);
  }
  const schemaForeignKeys = new Set(schema.models.flatMap((m) => m.foreignKeys.map((fk) => fk.name)));
  for (const name of catalog.foreignKeys.keys()) {
    if (!schemaForeignKeys.has(name)) problems.push(`foreign key "${name}" exists but no relation in the schema declares it`);
  }

  for (const enumType of schema.enums) {
    const values = catalog.enums.get(enumType.dbName);
    if (!values) problems.push(`enum ${enumType.name}: type "${enumType.dbName}" does not exist`);
    else if (values.join(",") !== enumType.values.join(","))
      problems.push(`enum ${enumType.name}: the database has (${values.join(", ")}), the schema (${enumType.values.join(", ")})`);
  }
  for (const name of catalog.enums.keys()) {
    if (!schema.enums.some((e) => e.dbName === name)) problems.push(`enum type "${name}" exists but the schema has no such enum`);
  }
  return problems;
}

describe("schema drift", () => {
  const db = useTestDatabase();
  let catalog: Catalog;
  const schemaText = readFileSync(schemaPath(), "utf8");
  const schema = parsePrismaSchema(schemaText);

  beforeAll(async () => {
    catalog = await readCatalog(db.url);
  });

  it("the schema reader agrees with the generated Prisma client (run `pnpm db:generate` if not)", () => {
    const generated = Prisma as unknown as Record<string, Record<string, string> | undefined>;
    expect(schema.models.map((m) => m.name).sort()).toEqual(Object.keys(Prisma.ModelName).sort());
    for (const model of schema.models) {
      const fields = generated[`${model.name}ScalarFieldEnum`];
      const parsed = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum").map((f) => f.name);
      expect(parsed.sort(), model.name).toEqual(Object.keys(fields ?? {}).sort());
    }
  });

  it("the migrated database matches prisma/schema.prisma exactly", () => {
    expect(differences(schema, catalog)).toEqual([]);
  });

  it("catches a field, model, index or enum value added to the schema without a migration", () => {
    const edited = schemaText
      .replace(/(model Group \{\n)/, "$1  color String?\n")
      .replace(/(enum DocumentStatus \{\n)/, "$1  archived\n")
      .replace(/(\n {2}@@map\("documents"\))/, "\n  @@index([title])$1")
      .concat('\nmodel Tag {\n  id String @id\n  @@map("tags")\n}\n');
    expect(differences(parsePrismaSchema(edited), catalog)).toEqual([
      'Group.color ("groups"."color"): column does not exist',
      'Document: index "documents_title_idx" on (title) does not exist',
      'model Tag: table "tags" does not exist',
      "enum DocumentStatus: the database has (pending, processing, ready, failed), the schema (archived, pending, processing, ready, failed)",
    ]);
  });

  it("catches a schema field removed while its column stays", () => {
    const edited = schemaText.replace(/\n {2}image\s+String\?\n/, "\n");
    expect(differences(parsePrismaSchema(edited), catalog)).toEqual(['table "users" has column "image", which no field of User maps to']);
  });

  it("has the indexes Prisma cannot declare", () => {
    for (const name of [
      "few_shot_examples_embedding_384_hnsw_idx",
      "chunk_terms_term_impact_idx",
      "documents_tags_idx",
      "few_shot_examples_tags_idx",
      "prompt_configs_single_active_key",
    ]) {
      expect(catalog.indexes.has(name), name).toBe(true);
    }
  });
});
