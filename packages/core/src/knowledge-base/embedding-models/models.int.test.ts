import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pgvector from "pgvector";
import { describe, expect, it } from "vitest";
import { migrate } from "@lore/db/migrate";
import { startTestDatabase, useTestDatabase } from "@lore/db/testing";
import { indexDocument } from "../publish/publish";
import { createHashingEmbedder } from "../../embed/hashing";
import { getActiveEmbedder, readEmbeddingModels } from "./models";
import { isEmbeddingError } from "../../embed/types";
import { hashing } from "../../testing/embedding-models";

const migrations = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../../prisma/migrations");

const db = useTestDatabase();

describe("the active embedding model", () => {
  it("is the first configured model on a fresh database, and stays active when the settings change", async () => {
    expect((await readEmbeddingModels(db.prisma)).active).toBeNull();
    const first = await getActiveEmbedder(db.prisma, { config: hashing(384) });
    expect(first.id).toBe("hashing-v1-384");
    // Configured differently now: search must go on with the model the vectors were made with.
    const later = await getActiveEmbedder(db.prisma, { config: hashing(256) });
    expect(later).toMatchObject({ id: "hashing-v1-384", dimensions: 384 });
    expect(await db.prisma.embeddingModel.findMany({ select: { id: true, state: true, provider: true } })).toEqual([
      { id: "hashing-v1-384", state: "active", provider: "hashing" },
    ]);
    // One active model, one being built, at most (partial unique indexes).
    await expect(
      db.prisma.embeddingModel.create({ data: { id: "hashing-v1-64", dimensions: 64, provider: "hashing", state: "active" } }),
    ).rejects.toThrow(/Unique constraint/);
    await db.prisma.embeddingModel.create({ data: { id: "hashing-v1-64", dimensions: 64, provider: "hashing", state: "building" } });
    await expect(
      db.prisma.embeddingModel.create({ data: { id: "hashing-v1-32", dimensions: 32, provider: "hashing", state: "building" } }),
    ).rejects.toThrow(/Unique constraint/);
    await db.prisma.embeddingModel.delete({ where: { id: "hashing-v1-64" } });
    // Settings that cannot build anything (OpenAI without a key) do not take search down with them.
    expect((await getActiveEmbedder(db.prisma, { config: { provider: "openai" } })).id).toBe("hashing-v1-384");
  });

  it("says clearly when the active model cannot be built from the current settings", async () => {
    const other = await startTestDatabase();
    try {
      await other.prisma.embeddingModel.create({
        data: {
          id: "openai:text-embedding-3-small",
          dimensions: 1536,
          provider: "openai",
          settings: { model: "text-embedding-3-small", baseURL: "http://old-server:8000/v1" },
          state: "active",
        },
      });
      const error = await getActiveEmbedder(other.prisma, { config: hashing(384) }).catch((e: unknown) => e);
      expect(isEmbeddingError(error, "CONFIG")).toBe(true);
      expect((error as Error).message).toMatch(
        /active embedding model "openai:text-embedding-3-small" cannot be built.*EMBEDDING_PROVIDER is now "hashing".*pnpm lore reembed --status/,
      );

      const moved = await getActiveEmbedder(other.prisma, {
        config: { provider: "openai", baseURL: "http://new-server:8000/v1", model: "bge-m3", dimensions: 1024 },
      }).catch((e: unknown) => e);
      expect((moved as Error).message).toMatch(
        /was served by http:\/\/old-server:8000\/v1, and EMBEDDING_BASE_URL now points at http:\/\/new-server:8000\/v1/,
      );

      // Same server, another model name: the old model is rebuilt for queries with the current URL and key.
      const rebuilt = await getActiveEmbedder(other.prisma, {
        config: { provider: "openai", baseURL: "http://old-server:8000/v1/", model: "bge-m3", dimensions: 1024 },
      });
      expect(rebuilt).toMatchObject({ id: "openai:text-embedding-3-small", dimensions: 1536 });
    } finally {
      await other.stop();
    }
  });
});

describe("the embedding_models migration", () => {
  it("makes the model of an existing database's chunks the active one", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lore-migrations-"));
    cpSync(path.join(migrations, "20261124000000_init"), path.join(dir, "20261124000000_init"), { recursive: true });
    const old = await startTestDatabase({ migrationsDir: dir });
    try {
      // Rows as the code of that time wrote them (raw SQL: today's ingestion writes tables that did not exist yet).
      const embedder = createHashingEmbedder({ dimensions: 128 });
      const [vector] = await embedder.embedDocuments(["Some text about otters."]);
      await old.prisma
        .$executeRaw`INSERT INTO documents (id, source, external_id, title, mime_type, content_hash, status) VALUES ('d', 'wiki', 'a', 'A', 'text/markdown', 'h', 'ready')`;
      await old.prisma
        .$executeRaw`INSERT INTO document_versions (id, document_id, version, content_hash, title, content, byte_size) VALUES ('v', 'd', 1, 'h', 'A', 'Some text about otters.', 23)`;
      await old.prisma.$executeRaw`UPDATE documents SET current_version_id = 'v'`;
      // Two chunks of the 128-dimensional model, one of another: the dominant model becomes the active one.
      const rows: [string, number, string, number, number[]][] = [
        ["c1", 0, embedder.id, 128, vector!],
        ["c2", 1, embedder.id, 128, vector!],
        ["c3", 0, "hashing-v1-64", 64, vector!.slice(0, 64)],
      ];
      for (const [id, ordinal, model, dims, vec] of rows) {
        await old.prisma.$executeRaw`
          INSERT INTO chunks (id, document_id, document_version_id, ordinal, text, token_count, embedding, embedding_model, embedding_dims)
          VALUES (${id}, 'd', 'v', ${ordinal}::int, 'Some text about otters.', 5, ${pgvector.toSql(vec)}::vector, ${model}, ${dims}::int)`;
      }
      await migrate({ url: old.url });
      expect(await old.prisma.embeddingModel.findMany({ select: { id: true, dimensions: true, provider: true, state: true } })).toEqual([
        { id: embedder.id, dimensions: 128, provider: "hashing", state: "active" },
      ]);
      expect((await getActiveEmbedder(old.prisma, { config: hashing(384) })).id).toBe(embedder.id);
    } finally {
      await old.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives an empty database no active model (the first configured one becomes active on first use)", async () => {
    const fresh = await startTestDatabase();
    try {
      expect(await fresh.prisma.embeddingModel.count()).toBe(0);
      await indexDocument(
        fresh.prisma,
        { source: "wiki", doc: { externalId: randomUUID(), title: "B", mimeType: "text/markdown", text: "Beavers." } },
        { embedder: createHashingEmbedder() },
      );
      expect((await getActiveEmbedder(fresh.prisma, { config: hashing(384) })).id).toBe("hashing-v1-384");
    } finally {
      await fresh.stop();
    }
  });
});
