import { rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedServer, type EmbeddedServer } from "./embedded";
import { prewarmVectorIndexes, startPrewarming } from "./prewarm";
import { createTestDataDir, withPgClient } from "./testing";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Tables of random 384-d vectors, each with an IVFFlat index `<table>_embedding_idx` (by default `items` of
 * `rows` rows), on a server that is then restarted (cold cache).
 */
async function coldServerWithIndex(
  rows: number,
  options: { sharedBuffersMb?: number; prewarm?: boolean; tables?: Record<string, number> } = {},
): Promise<EmbeddedServer> {
  const { tables = { items: rows }, ...serverOptions } = options;
  const dataDir = await createTestDataDir({ migrate: false });
  dirs.push(dataDir);
  const first = await startEmbeddedServer({ dataDir, prewarm: false });
  try {
    await withPgClient(first.url, async (client) => {
      await client.query("CREATE EXTENSION IF NOT EXISTS vector");
      for (const [table, count] of Object.entries(tables)) {
        await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, embedding vector(384))`);
        await client.query(
          `INSERT INTO ${table} SELECT g, (SELECT array_agg(random() - 0.5) FROM generate_series(1, 384) WHERE g > 0)::vector
             FROM generate_series(1, $1::int) g`,
          [count],
        );
        await client.query(`CREATE INDEX ${table}_embedding_idx ON ${table} USING ivfflat (embedding vector_cosine_ops) WITH (lists = 10)`);
      }
    });
  } finally {
    await first.stop();
  }
  return startEmbeddedServer({ dataDir, ...serverOptions });
}

/** Index pages a nearest-neighbour scan over every list of `table`'s index read from outside the buffer cache. */
async function pagesRead(client: pg.Client, table = "items"): Promise<number> {
  await client.query("SET ivfflat.probes = 10");
  await client.query("SET enable_seqscan = off");
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
     SELECT id FROM ${table} ORDER BY embedding <=> (SELECT embedding FROM ${table} WHERE id = 1) LIMIT 5`,
  );
  const find = (node: Record<string, unknown>): Record<string, unknown> | undefined =>
    node["Index Name"] === `${table}_embedding_idx`
      ? node
      : ((node.Plans as Record<string, unknown>[] | undefined) ?? []).map(find).find(Boolean);
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
        // pageinspect is there for the run only.
        const { rows: extensions } = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pageinspect'");
        expect(extensions).toHaveLength(0);
        const { rows: schemas } = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = 'lore_prewarm'");
        expect(schemas).toHaveLength(0);
      });
    } finally {
      await server.stop();
    }
  });

  it("installs nothing where there is nothing to read", async () => {
    const dataDir = await createTestDataDir({ migrate: false });
    dirs.push(dataDir);
    const server = await startEmbeddedServer({ dataDir, prewarm: false });
    try {
      await withPgClient(server.url, async (client) => {
        // Each statement that writes (CREATE, DROP) takes a transaction id; reads take none.
        const xid = async () => Number((await client.query<{ xid: string }>("SELECT txid_current() AS xid")).rows[0]!.xid);
        const before = await xid();
        expect(await prewarmVectorIndexes(server.url)).toEqual({ indexes: [] });
        expect(await xid()).toBe(before + 1); // only this second txid_current()
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
    // 24 MB of cache is 3,072 pages: half is 1,536, fewer than the index has (and not a whole number of batches).
    const server = await coldServerWithIndex(12_000, { sharedBuffersMb: 24, prewarm: false });
    try {
      const result = await prewarmVectorIndexes(server.url);
      expect(result.indexes).toEqual([{ name: "items_embedding_idx", pages: 1536 }]);
    } finally {
      await server.stop();
    }
  });

  it("reads the index searches used last first, then the largest, when they do not all fit", async () => {
    // Half of 24 MB of cache is 1,536 pages: fewer than the two indexes have together.
    const server = await coldServerWithIndex(0, { sharedBuffersMb: 24, prewarm: false, tables: { active: 3000, other: 12_000 } });
    try {
      const { pages: small } = await withPgClient(server.url, async (client) => {
        const { rows } = await client.query<{ pages: string }>("SELECT pg_relation_size('active_embedding_idx') / 8192 AS pages");
        return { pages: Number(rows[0]!.pages) };
      });
      expect(small).toBeGreaterThan(100);
      expect(small).toBeLessThan(1536);
      // Neither searched yet (as after a restart that lost the statistics): the largest first, with the whole budget.
      expect((await prewarmVectorIndexes(server.url)).indexes).toEqual([
        { name: "other_embedding_idx", pages: 1536 },
        { name: "active_embedding_idx", pages: 0 },
      ]);
      // The smaller index is the one searches use (the active embedding model's), the other is not searched (a
      // re-embedding's new index, or a retired model's): it is read first, and whole.
      await withPgClient(server.url, async (client) => {
        await pagesRead(client, "active");
      });
      expect((await prewarmVectorIndexes(server.url)).indexes).toEqual([
        { name: "active_embedding_idx", pages: small },
        { name: "other_embedding_idx", pages: 1536 - small },
      ]);
      await withPgClient(server.url, async (client) => {
        expect(await pagesRead(client, "active")).toBe(0);
      });
    } finally {
      await server.stop();
    }
  });

  it("stops at once, even behind a transaction another connection holds open on the single session", async () => {
    const server = await coldServerWithIndex(3000, { prewarm: false });
    try {
      await withPgClient(server.url, async (holder) => {
        await holder.query("BEGIN");
        await holder.query("SELECT 1");
        const prewarmer = startPrewarming(server.url);
        await new Promise((resolve) => setTimeout(resolve, 300)); // its first statement waits for the transaction
        prewarmer.stop();
        await holder.query("COMMIT");
        expect(await prewarmer.latest).toEqual({ indexes: [] });
      });
    } finally {
      await server.stop();
    }
  });

  it("lets the server stop while a run waits behind another connection's open transaction", async () => {
    const server = await coldServerWithIndex(3000);
    const holder = new pg.Client({ connectionString: server.url });
    holder.on("error", () => {}); // the server closes it
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT 1");
    const outcome = await Promise.race([
      server.stop().then(() => "stopped"),
      new Promise((resolve) => setTimeout(() => resolve("hung"), 10_000)),
    ]);
    expect(outcome).toBe("stopped");
    await holder.end().catch(() => {});
  });

  // pg never settles a connect() whose client is ended mid-handshake: a run stopped then must not wait on it (it once
  // held up a server's stop, when a test stopped a server just after starting it).
  it("stops at once while its connection is still being set up", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)); // accepts, never answers the startup message
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const prewarmer = startPrewarming(`postgresql://postgres:secret@127.0.0.1:${port}/postgres`);
      await new Promise((resolve) => setTimeout(resolve, 200)); // connected, waiting for the server's reply
      expect(sockets).toHaveLength(1);
      prewarmer.stop();
      const outcome = await Promise.race([
        prewarmer.latest.then((result) => result),
        new Promise((resolve) => setTimeout(() => resolve("hung"), 5_000)),
      ]);
      expect(outcome).toEqual({ indexes: [] });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
