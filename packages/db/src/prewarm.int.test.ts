import { rmSync } from "node:fs";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedServer, type EmbeddedServer } from "./embedded";
import { prewarmVectorIndexes } from "./prewarm";
import { createTestDataDir, withPgClient } from "./testing";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A table of `rows` random 384-d vectors with an IVFFlat index, on a server that is then restarted (cold cache). */
async function coldServerWithIndex(rows: number, options: { sharedBuffersMb?: number; prewarm?: boolean } = {}): Promise<EmbeddedServer> {
  const dataDir = await createTestDataDir({ migrate: false });
  dirs.push(dataDir);
  const first = await startEmbeddedServer({ dataDir, prewarm: false });
  try {
    await withPgClient(first.url, async (client) => {
      await client.query("CREATE EXTENSION IF NOT EXISTS vector");
      await client.query("CREATE TABLE items (id int PRIMARY KEY, embedding vector(384))");
      await client.query(
        `INSERT INTO items SELECT g, (SELECT array_agg(random() - 0.5) FROM generate_series(1, 384) WHERE g > 0)::vector
           FROM generate_series(1, $1::int) g`,
        [rows],
      );
      await client.query("CREATE INDEX items_embedding_idx ON items USING ivfflat (embedding vector_cosine_ops) WITH (lists = 10)");
    });
  } finally {
    await first.stop();
  }
  return startEmbeddedServer({ dataDir, ...options });
}

/** Index pages a nearest-neighbour scan over every list read from outside the buffer cache. */
async function pagesRead(client: pg.Client): Promise<number> {
  await client.query("SET ivfflat.probes = 10");
  await client.query("SET enable_seqscan = off");
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
     SELECT id FROM items ORDER BY embedding <=> (SELECT embedding FROM items WHERE id = 1) LIMIT 5`,
  );
  const find = (node: Record<string, unknown>): Record<string, unknown> | undefined =>
    node["Index Name"] === "items_embedding_idx" ? node : ((node.Plans as Record<string, unknown>[] | undefined) ?? []).map(find).find(Boolean);
  const scan = find(rows[0]!["QUERY PLAN"][0].Plan);
  expect(scan, "the scan uses the IVFFlat index").toBeDefined();
  return Number(scan!["Shared Read Blocks"]);
}

describe("reading the vector indexes into the embedded server's cache", () => {
  it("keeps IVFFlat pages in the cache, which the index's own scans do not", async () => {
    const server = await coldServerWithIndex(3000, { prewarm: false });
    try {
      await withPgClient(server.url, async (client) => {
        const { rows } = await client.query<{ pages: string }>("SELECT pg_relation_size('items_embedding_idx') / 8192 AS pages");
        const pages = Number(rows[0]!.pages);
        expect(pages).toBeGreaterThan(100); // larger than the scan's ring of buffers
        // Without it, every scan reads the lists again.
        expect(await pagesRead(client)).toBeGreaterThan(100);
        expect(await pagesRead(client)).toBeGreaterThan(100);
        const result = await prewarmVectorIndexes(server.url);
        expect(result.indexes).toEqual([{ name: "items_embedding_idx", pages }]);
        expect(await pagesRead(client)).toBe(0);
      });
    } finally {
      await server.stop();
    }
  });

  it("runs when the server starts", async () => {
    const server = await coldServerWithIndex(3000);
    try {
      await withPgClient(server.url, async (client) => {
        await expect.poll(() => pagesRead(client), { timeout: 20_000, interval: 200 }).toBe(0);
      });
    } finally {
      await server.stop();
    }
  });

  it("spends at most half the cache on it", async () => {
    // 16 MB of cache is 2,048 pages: half is 1,024, fewer than the index has.
    const server = await coldServerWithIndex(12_000, { sharedBuffersMb: 16, prewarm: false });
    try {
      const result = await prewarmVectorIndexes(server.url);
      expect(result.indexes).toEqual([{ name: "items_embedding_idx", pages: 1024 }]);
    } finally {
      await server.stop();
    }
  });
});
