/*
 * A small reader for prisma/schema.prisma that yields what the database must contain: tables,
 * columns with their Postgres types and nullability, keys, indexes, foreign keys and enums.
 *
 * Why not Prisma's own DMMF: the generated Prisma 7 client does not ship it, the schema engine
 * that produces it cannot be downloaded here, and the DMMF leaves out `Unsupported(...)` fields
 * (our vector and tsvector columns), which the drift test must cover. The reader understands the
 * subset of the language Lore uses and throws on anything else, so a new construct cannot slip
 * through unchecked; drift.int.test.ts cross-checks its output against the generated client.
 */

export type FieldKind = "scalar" | "enum" | "unsupported" | "relation";

export interface RelationInfo {
  fields: string[];
  references: string[];
  onDelete?: string;
  onUpdate?: string;
}

export interface SchemaField {
  name: string;
  /** Database column (@map), for every kind but relations. */
  column: string;
  /** Prisma type as written: "String", "DocumentStatus", `Unsupported("vector")`, "User". */
  type: string;
  kind: FieldKind;
  isList: boolean;
  isOptional: boolean;
  hasDefault: boolean;
  /** The @default argument as written: "now()", "false", "\"employee\"", "cuid()". */
  defaultValue?: string;
  isUpdatedAt: boolean;
  isId: boolean;
  isUnique: boolean;
  /** @db.X native type with its arguments, e.g. "Timestamptz(3)". */
  nativeType?: string;
  relation?: RelationInfo;
}

export interface SchemaIndex {
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
}

export interface SchemaForeignKey {
  name: string;
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  /** Postgres spelling: CASCADE, RESTRICT, SET NULL, NO ACTION, SET DEFAULT. */
  onDelete: string;
  onUpdate: string;
}

export interface SchemaModel {
  name: string;
  table: string;
  fields: SchemaField[];
  indexes: SchemaIndex[];
  foreignKeys: SchemaForeignKey[];
}

export interface SchemaEnum {
  name: string;
  dbName: string;
  values: string[];
}

export interface SchemaModelSet {
  models: SchemaModel[];
  enums: SchemaEnum[];
}

/** What information_schema.columns says about a column, as compared by the drift test. */
export interface ColumnShape {
  /** information_schema udt_name: "text", "int4", "_text", "timestamptz", "vector", an enum's name. */
  udt: string;
  nullable: boolean;
  /** datetime_precision, for timestamps only. */
  precision?: number;
}

const SCALARS = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);

const SCALAR_UDT: Record<string, string> = {
  String: "text",
  Int: "int4",
  BigInt: "int8",
  Float: "float8",
  Decimal: "numeric",
  Boolean: "bool",
  DateTime: "timestamp",
  Json: "jsonb",
  Bytes: "bytea",
};

const NATIVE_UDT: Record<string, string> = {
  Text: "text",
  VarChar: "varchar",
  Char: "bpchar",
  Uuid: "uuid",
  Timestamptz: "timestamptz",
  Timestamp: "timestamp",
  Date: "date",
  Integer: "int4",
  SmallInt: "int2",
  BigInt: "int8",
  DoublePrecision: "float8",
  Real: "float4",
  JsonB: "jsonb",
  Json: "json",
};

const REFERENTIAL_ACTION: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  SetNull: "SET NULL",
  NoAction: "NO ACTION",
  SetDefault: "SET DEFAULT",
};

class SchemaSyntaxError extends Error {
  constructor(message: string) {
    super(`schema-model: ${message} (teach packages/db/src/schema-model.ts about it)`);
  }
}

/** Removes `//` comments (including `///` doc comments) outside string literals. */
function stripComments(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === "\\") out += text[++i] ?? "";
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else out += ch;
  }
  return out;
}

/** `[a, b(sort: Desc), c]` → ["a", "b", "c"]. */
function parseList(text: string): string[] {
  const inner = text.trim().replace(/^\[/, "").replace(/\]$/, "");
  return inner
    .replace(/\([^)]*\)/g, "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function stringArg(args: string, key: string): string | undefined {
  return new RegExp(`${key}\\s*:\\s*"([^"]*)"`).exec(args)?.[1];
}

function listArg(args: string, key: string): string[] | undefined {
  const match = new RegExp(`${key}\\s*:\\s*(\\[[^\\]]*\\])`).exec(args);
  return match?.[1] ? parseList(match[1]) : undefined;
}

/** The first positional argument of a block attribute: `@@index([a, b], map: "x")` → "[a, b]". */
function firstList(args: string): string[] {
  const match = /^\s*(\[[^\]]*\])/.exec(args) ?? /fields\s*:\s*(\[[^\]]*\])/.exec(args);
  if (!match?.[1]) throw new SchemaSyntaxError(`cannot read the field list in (${args})`);
  return parseList(match[1]);
}

/** The text inside the balanced parentheses starting at `open`. */
function balanced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(open + 1, i);
  }
  throw new SchemaSyntaxError(`unbalanced parentheses in ${text}`);
}

function attribute(attrs: string, name: string): string | undefined {
  const re = new RegExp(`@${name.replace(".", "\\.")}(?![\\w.])`);
  const match = re.exec(attrs);
  if (!match) return undefined;
  const after = match.index + match[0].length;
  return attrs[after] === "(" ? balanced(attrs, after) : "";
}

const FIELD = /^(\w+)\s+(Unsupported\("[^"]*"\)|\w+)(\[\])?(\?)?\s*(.*)$/;
const KNOWN_FIELD_ATTRIBUTES = /@(map|id|unique|default|db\.\w+|relation|updatedAt|ignore)\b/g;
const KNOWN_BLOCK_ATTRIBUTES = new Set(["map", "id", "unique", "index", "ignore"]);

export function parsePrismaSchema(source: string): SchemaModelSet {
  const text = stripComments(source);
  const blocks = [...text.matchAll(/^\s*(model|enum|type|view)\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)];
  const modelNames = new Set(blocks.filter((b) => b[1] === "model").map((b) => b[2] ?? ""));
  const enumNames = new Set(blocks.filter((b) => b[1] === "enum").map((b) => b[2] ?? ""));

  const enums: SchemaEnum[] = [];
  const rawModels: Array<{ name: string; table: string; fields: SchemaField[]; blockAttrs: Array<[string, string]> }> = [];

  for (const [, keyword, name = "", body = ""] of blocks) {
    const lines = body
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (keyword === "type" || keyword === "view") throw new SchemaSyntaxError(`${keyword} blocks are not supported (${name})`);
    if (keyword === "enum") {
      const values: string[] = [];
      let dbName = name;
      for (const line of lines) {
        const map = /^@@map\("([^"]+)"\)$/.exec(line);
        if (map?.[1]) dbName = map[1];
        else if (/^\w+$/.test(line)) values.push(line);
        else throw new SchemaSyntaxError(`unexpected line in enum ${name}: ${line}`);
      }
      enums.push({ name, dbName, values });
      continue;
    }

    const fields: SchemaField[] = [];
    const blockAttrs: Array<[string, string]> = [];
    for (const line of lines) {
      if (line.startsWith("@@")) {
        const attr = /^@@(\w+)/.exec(line)?.[1] ?? "";
        if (!KNOWN_BLOCK_ATTRIBUTES.has(attr)) throw new SchemaSyntaxError(`unknown block attribute @@${attr} in ${name}`);
        const open = line.indexOf("(");
        blockAttrs.push([attr, open >= 0 ? balanced(line, open) : ""]);
        continue;
      }
      const match = FIELD.exec(line);
      if (!match) throw new SchemaSyntaxError(`cannot read this line of model ${name}: ${line}`);
      const [, fieldName = "", type = "", list, optional, attrs = ""] = match;
      const leftover = attrs
        .replace(KNOWN_FIELD_ATTRIBUTES, "")
        .replace(/\([^()]*(\([^()]*\)[^()]*)*\)/g, "")
        .trim();
      if (leftover) throw new SchemaSyntaxError(`unknown attribute in ${name}.${fieldName}: ${attrs}`);
      if (attribute(attrs, "ignore") !== undefined) continue;

      let kind: FieldKind;
      if (type.startsWith("Unsupported(")) kind = "unsupported";
      else if (modelNames.has(type)) kind = "relation";
      else if (enumNames.has(type)) kind = "enum";
      else if (SCALARS.has(type)) kind = "scalar";
      else throw new SchemaSyntaxError(`unknown type ${type} in ${name}.${fieldName}`);

      const relationArgs = attribute(attrs, "relation");
      const nativeMatch = /@db\.(\w+(?:\([^)]*\))?)/.exec(attrs);
      fields.push({
        name: fieldName,
        column: /^\s*"([^"]+)"/.exec(attribute(attrs, "map") ?? "")?.[1] ?? fieldName,
        type,
        kind,
        isList: !!list,
        isOptional: !!optional,
        hasDefault: attribute(attrs, "default") !== undefined,
        defaultValue: attribute(attrs, "default"),
        isUpdatedAt: attribute(attrs, "updatedAt") !== undefined,
        isId: attribute(attrs, "id") !== undefined,
        isUnique: attribute(attrs, "unique") !== undefined,
        nativeType: nativeMatch?.[1],
        relation:
          kind === "relation" && relationArgs !== undefined && listArg(relationArgs, "fields")
            ? {
                fields: listArg(relationArgs, "fields") ?? [],
                references: listArg(relationArgs, "references") ?? [],
                onDelete: /onDelete\s*:\s*(\w+)/.exec(relationArgs)?.[1],
                onUpdate: /onUpdate\s*:\s*(\w+)/.exec(relationArgs)?.[1],
              }
            : undefined,
      });
    }
    if (blockAttrs.some(([attr]) => attr === "ignore")) continue;
    const map = blockAttrs.find(([attr]) => attr === "map")?.[1];
    const table = (map && /"([^"]+)"/.exec(map)?.[1]) || name;
    rawModels.push({ name, table, fields, blockAttrs });
  }

  const tableOf = new Map(rawModels.map((m) => [m.name, m.table]));
  const models: SchemaModel[] = rawModels.map((raw) => {
    const columnOf = (fieldName: string) => {
      const field = raw.fields.find((f) => f.name === fieldName);
      if (!field) throw new SchemaSyntaxError(`${raw.name} refers to unknown field ${fieldName}`);
      return field.column;
    };
    const indexName = (columns: string[], suffix: string, args: string) =>
      stringArg(args, "map") ?? `${raw.table}_${columns.join("_")}_${suffix}`;

    const indexes: SchemaIndex[] = [];
    for (const field of raw.fields) {
      if (field.isId) indexes.push({ name: `${raw.table}_pkey`, columns: [field.column], unique: true, primary: true });
      if (field.isUnique) indexes.push({ name: `${raw.table}_${field.column}_key`, columns: [field.column], unique: true, primary: false });
    }
    for (const [attr, args] of raw.blockAttrs) {
      if (attr === "id") {
        const columns = firstList(args).map(columnOf);
        indexes.push({ name: stringArg(args, "map") ?? `${raw.table}_pkey`, columns, unique: true, primary: true });
      } else if (attr === "unique" || attr === "index") {
        const columns = firstList(args).map(columnOf);
        indexes.push({
          name: indexName(columns, attr === "unique" ? "key" : "idx", args),
          columns,
          unique: attr === "unique",
          primary: false,
        });
      }
    }
    for (const index of indexes) {
      if (index.name.length > 63) throw new SchemaSyntaxError(`index name ${index.name} exceeds Postgres' 63 characters`);
    }

    const foreignKeys: SchemaForeignKey[] = raw.fields
      .filter((f) => f.relation)
      .map((field) => {
        const relation = field.relation as RelationInfo;
        const referenced = rawModels.find((m) => m.name === field.type);
        if (!referenced) throw new SchemaSyntaxError(`relation ${raw.name}.${field.name} points at unknown model ${field.type}`);
        const columns = relation.fields.map(columnOf);
        const referencedColumns = relation.references.map((name) => {
          const target = referenced.fields.find((f) => f.name === name);
          if (!target) throw new SchemaSyntaxError(`relation ${raw.name}.${field.name} references unknown field ${name}`);
          return target.column;
        });
        // Prisma's defaults: SetNull for optional relations, Restrict for required ones; Cascade on update.
        const onDelete = relation.onDelete ?? (field.isOptional ? "SetNull" : "Restrict");
        const onUpdate = relation.onUpdate ?? "Cascade";
        return {
          name: `${raw.table}_${columns.join("_")}_fkey`,
          table: raw.table,
          columns,
          referencedTable: tableOf.get(field.type) ?? field.type,
          referencedColumns,
          onDelete: REFERENTIAL_ACTION[onDelete] ?? onDelete,
          onUpdate: REFERENTIAL_ACTION[onUpdate] ?? onUpdate,
        };
      });

    return { name: raw.name, table: raw.table, fields: raw.fields, indexes, foreignKeys };
  });

  return { models, enums };
}

/** Defaults Prisma computes in the client; the column itself has none. */
const CLIENT_DEFAULTS = /^\s*(uuid|cuid|nanoid|ulid)\(/;

/** Whether the column must have a database default. */
export function hasDatabaseDefault(field: SchemaField): boolean {
  return field.hasDefault && !CLIENT_DEFAULTS.test(field.defaultValue ?? "");
}

/** The column a field must have, in information_schema terms. Relations have no column. */
export function expectedColumn(field: SchemaField, enums: SchemaEnum[]): ColumnShape | null {
  if (field.kind === "relation") return null;
  let udt: string;
  let precision: number | undefined;
  if (field.kind === "unsupported") {
    udt = /^Unsupported\("([^"(]+)/.exec(field.type)?.[1]?.trim() ?? field.type;
  } else if (field.kind === "enum") {
    const found = enums.find((e) => e.name === field.type);
    udt = found?.dbName ?? field.type;
  } else if (field.nativeType) {
    const [, native = "", args] = /^(\w+)(?:\(([^)]*)\))?$/.exec(field.nativeType) ?? [];
    const mapped = NATIVE_UDT[native];
    if (!mapped) throw new SchemaSyntaxError(`unknown native type @db.${field.nativeType}`);
    udt = mapped;
    if (native === "Timestamptz" || native === "Timestamp") precision = args ? Number(args) : 6;
  } else {
    udt = SCALAR_UDT[field.type] ?? field.type;
    if (field.type === "DateTime") precision = 3;
  }
  return {
    udt: field.isList ? `_${udt}` : udt,
    // Prisma creates list columns without NOT NULL.
    nullable: field.isOptional || field.isList,
    precision,
  };
}
