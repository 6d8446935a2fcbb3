import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectedColumn, parsePrismaSchema } from "./schema-model";
import { schemaPath } from "./paths";

const SAMPLE = `
// comment with "quotes" and // more
enum Color {
  red
  green
  @@map("color")
}

/// A doc comment
model Owner {
  id    String @id
  pets  Pet[]
  @@map("owners")
}

model Pet {
  id        BigInt                 @id @default(autoincrement())
  name      String                 @map("pet_name") // trailing
  color     Color                  @default(red)
  tags      String[]               @default([])
  seenAt    DateTime?              @map("seen_at") @db.Timestamptz(3)
  bornAt    DateTime               @default(now())
  embedding Unsupported("vector(3)")?
  ownerId   String                 @map("owner_id")
  url       String                 @default("http://example.com/a//b")
  owner     Owner                  @relation(fields: [ownerId], references: [id])

  @@unique([ownerId, name])
  @@index([bornAt(sort: Desc)])
  @@map("pets")
}
`;

describe("parsePrismaSchema", () => {
  const { models, enums } = parsePrismaSchema(SAMPLE);
  const pet = models.find((m) => m.name === "Pet");

  it("reads tables, columns and enums", () => {
    expect(enums).toEqual([{ name: "Color", dbName: "color", values: ["red", "green"] }]);
    expect(pet?.table).toBe("pets");
    const columns = Object.fromEntries(pet?.fields.map((f) => [f.column, expectedColumn(f, enums)]) ?? []);
    expect(columns).toEqual({
      id: { udt: "int8", nullable: false, precision: undefined },
      pet_name: { udt: "text", nullable: false, precision: undefined },
      color: { udt: "color", nullable: false, precision: undefined },
      tags: { udt: "_text", nullable: true, precision: undefined },
      seen_at: { udt: "timestamptz", nullable: true, precision: 3 },
      bornAt: { udt: "timestamp", nullable: false, precision: 3 },
      embedding: { udt: "vector", nullable: true, precision: undefined },
      owner_id: { udt: "text", nullable: false, precision: undefined },
      url: { udt: "text", nullable: false, precision: undefined },
      owner: null,
    });
  });

  it("names keys, indexes and foreign keys the way Prisma does", () => {
    expect(pet?.indexes.map((i) => i.name)).toEqual(["pets_pkey", "pets_owner_id_pet_name_key", "pets_bornAt_idx"]);
    expect(pet?.foreignKeys).toEqual([
      {
        name: "pets_owner_id_fkey",
        table: "pets",
        columns: ["owner_id"],
        referencedTable: "owners",
        referencedColumns: ["id"],
        onDelete: "RESTRICT",
        onUpdate: "CASCADE",
      },
    ]);
  });

  it("refuses constructs it does not understand", () => {
    expect(() => parsePrismaSchema("model A {\n  id String @id @something\n}")).toThrowError(/unknown attribute/);
    expect(() => parsePrismaSchema("model A {\n  id String @id\n  @@fulltext([id])\n}")).toThrowError(/@@fulltext/);
    expect(() => parsePrismaSchema("model A {\n  id Mystery @id\n}")).toThrowError(/unknown type Mystery/);
  });

  it("reads Lore's schema", () => {
    const lore = parsePrismaSchema(readFileSync(schemaPath(), "utf8"));
    expect(lore.models.length).toBeGreaterThan(20);
    const chunk = lore.models.find((m) => m.table === "chunks");
    expect(chunk?.fields.filter((f) => f.kind === "unsupported").map((f) => f.column)).toEqual(["embedding", "tsv"]);
  });
});
