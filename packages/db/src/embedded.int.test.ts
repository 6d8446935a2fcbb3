import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import pgvector from "pgvector/pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgPool, createPrismaClient } from "./client";
import { LOCK_FILE } from "./datadir-lock";
import {
  DataDirLockedError,
  EMBEDDED_VECTOR_SETTINGS,
  embeddedStartParams,
  EmbeddedServerError,
  startEmbeddedServer,
  type EmbeddedServer,
} from "./embedded";
import { env } from "./env";
import { createTestDataDir, startTestDatabase, withPgClient } from "./testing";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Resolves when the socket has received a ReadyForQuery message. */
function readyForQuery(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      let offset = 0;
      while (buffered.length - offset >= 5) {
        const type = buffered[offset];
        const length = buffered.readInt32BE(offset + 1);
        if (buffered.length - offset < 1 + length) break;
        if (type === 0x5a) {
          socket.off("data", onData);
          resolve();
          return;
        }
        offset += 1 + length;
      }
    };
    socket.on("data", onData);
    socket.once("error", reject);
  });
}

describe("embedded server", () => {
  let dataDir: string;
  let server: EmbeddedServer;

  beforeAll(async () => {
    dataDir = await createTestDataDir();
    dirs.push(dataDir);
    server = await startEmbeddedServer({ dataDir });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("serves a URL that pg and Prisma both use", async () => {
    expect(server.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres?sslmode=disable`);
    const version = await withPgClient(server.url, async (c) => (await c.query<{ v: string }>("SELECT version() AS v")).rows[0]?.v);
    expect(version).toMatch(/PostgreSQL/);

    const prisma = createPrismaClient(server.url);
    try {
      await prisma.group.create({ data: { id: "g-embedded", name: "embedded-test" } });
      expect(await prisma.group.findUnique({ where: { name: "embedded-test" } })).toMatchObject({ id: "g-embedded" });
    } finally {
      await prisma.$disconnect();
    }
  });

  it("starts with the configured buffer cache and retrieval's vector search defaults", async () => {
    const settings = await withPgClient(
      server.url,
      async (c) =>
        (
          await c.query<Record<string, string>>(
            "SELECT current_setting('shared_buffers') AS cache, current_setting('ivfflat.probes') AS probes, current_setting('ivfflat.iterative_scan') AS iterative",
          )
        ).rows[0],
    );
    expect(settings).toEqual({
      cache: `${env.LORE_DB_SHARED_BUFFERS_MB}MB`,
      probes: EMBEDDED_VECTOR_SETTINGS["ivfflat.probes"],
      iterative: "relaxed_order",
    });
    expect(() => embeddedStartParams(8)).toThrow(/16 to 1536/);
    expect(() => embeddedStartParams(2048)).toThrow(/16 to 1536/);
    expect(embeddedStartParams(64)).toEqual(expect.arrayContaining(["-c", "shared_buffers=64MB", "--single"]));
  });

  it("runs pgvector cosine-distance queries, through a partial 384-d IVFFlat index", async () => {
    await withPgClient(server.url, async (client) => {
      await pgvector.registerTypes(client);
      await client.query(
        `INSERT INTO documents (id, source, external_id, title, mime_type, content_hash) VALUES ('d-vec', 'test', 'vec', 'Vectors', 'text/plain', 'h')`,
      );
      await client.query(
        `INSERT INTO document_versions (id, document_id, version, content_hash, title, content, byte_size) VALUES ('v-vec', 'd-vec', 1, 'h', 'Vectors', '', 0)`,
      );
      const basis = (i: number) => Array.from({ length: 384 }, (_, j) => (j === i ? 1 : 0.01));
      for (const [ordinal, axis] of [
        [0, 0],
        [1, 1],
        [2, 2],
      ] as const) {
        await client.query(
          `INSERT INTO chunks (id, document_id, document_version_id, ordinal, text, token_count, embedding, embedding_model, embedding_dims)
           VALUES ($1, 'd-vec', 'v-vec', $2, $3, 1, $4, 'test-384', 384)`,
          [`c-${ordinal}`, ordinal, `axis ${axis}`, pgvector.toSql(basis(axis))],
        );
      }
      const query = pgvector.toSql(basis(1));
      const { rows } = await client.query<{ id: string; distance: number; embedding: number[] }>(
        `SELECT id, embedding, embedding::vector(384) <=> $1::vector(384) AS distance FROM chunks
          WHERE embedding_dims = 384 ORDER BY embedding::vector(384) <=> $1::vector(384) LIMIT 2`,
        [query],
      );
      expect(rows.map((r) => r.id)).toEqual(["c-1", expect.stringMatching(/^c-[02]$/)]);
      expect(rows[0]?.distance).toBeCloseTo(0, 5);
      expect(rows[0]?.embedding).toHaveLength(384);

      // The planner can use a partial IVFFlat index (as packages/core builds once there are enough rows) for
      // exactly this query shape.
      await client.query("BEGIN");
      try {
        await client.query(
          "CREATE INDEX chunks_embedding_384_ivf_idx ON chunks USING ivfflat ((embedding::vector(384)) vector_cosine_ops) WITH (lists = 1) WHERE embedding_dims = 384",
        );
        await client.query("SET LOCAL enable_seqscan = off");
        const plan = await client.query<{ "QUERY PLAN": string }>(
          `EXPLAIN SELECT id FROM chunks WHERE embedding_dims = 384 ORDER BY embedding::vector(384) <=> $1::vector(384) LIMIT 2`,
          [query],
        );
        expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/chunks_embedding_384_ivf_idx/);
      } finally {
        await client.query("ROLLBACK");
      }
    });
  });

  it("answers concurrent queries on pooled connections correctly, large parameters included", async () => {
    const pool = createPgPool(server.url, { max: 8 });
    try {
      const big = "x".repeat(200_000);
      const checks = Array.from({ length: 150 }, async (_, i) => {
        switch (i % 3) {
          case 0: {
            // Large enough to reach the server in several TCP chunks: the case where pglite-socket
            // alone would bind this query's parameters to another connection's statement.
            const { rows } = await pool.query<{ n: number; i: number }>("SELECT length($1::text) AS n, $2::int AS i", [big + i, i]);
            return rows[0]?.n === big.length + String(i).length && rows[0]?.i === i;
          }
          case 1: {
            const { rows } = await pool.query<{ s: string; i: number }>("SELECT $1::text AS s, $2::int AS i", [`s${i}`, i]);
            return rows[0]?.s === `s${i}` && rows[0]?.i === i;
          }
          default: {
            const { rows } = await pool.query<{ sum: number }>("SELECT $1::int + $2::int + $3::int AS sum", [i, 1, 2]);
            return rows[0]?.sum === i + 3;
          }
        }
      });
      const results = await Promise.all(checks);
      expect(results.filter((ok) => !ok)).toHaveLength(0);
    } finally {
      await pool.end();
    }
  });

  it("takes a parameter of many megabytes intact, while other connections' queries go on", async () => {
    // Hundreds of TCP chunks: the server frames them into whole messages (message-framing.ts) before
    // pglite-socket sees them. Checked byte for byte through md5, here and in the server.
    const pool = createPgPool(server.url, { max: 4 });
    try {
      const big = createHash("sha256").update("seed").digest("hex").repeat(250_000); // 16 MB of text
      const small = Array.from({ length: 20 }, (_, i) =>
        pool.query<{ i: number }>("SELECT $1::int AS i", [i]).then((r) => r.rows[0]?.i === i),
      );
      const { rows } = await pool.query<{ md5: string; n: number }>("SELECT md5($1::text) AS md5, length($1::text) AS n", [big]);
      expect(rows[0]).toEqual({ md5: createHash("md5").update(big).digest("hex"), n: big.length });
      expect(await Promise.all(small)).not.toContain(false);
    } finally {
      await pool.end();
    }
  });

  it("keeps transactions isolated and rolls back the one of a connection that drops", async () => {
    const a = new pg.Client({ connectionString: server.url });
    a.on("error", () => undefined);
    await a.connect();
    await a.query("BEGIN");
    await a.query(`INSERT INTO groups (id, name) VALUES ('g-dropped', 'dropped-in-transaction')`);

    // Another connection waits for the transaction (one shared session), then sees nothing of it.
    const other = withPgClient(
      server.url,
      async (b) => (await b.query(`SELECT count(*)::int AS n FROM groups WHERE id = 'g-dropped'`)).rows[0]?.n,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    (a as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
    expect(await other).toBe(0);
    await withPgClient(server.url, async (c) => {
      expect((await c.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    });
  });

  it("recovers when a connection drops in the middle of an extended-protocol query", async () => {
    const socket = connect(server.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const params = Buffer.from("user\0postgres\0database\0postgres\0\0");
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4);
    const ready = readyForQuery(socket);
    socket.write(Buffer.concat([startup, params]));
    await ready;
    // Parse without Sync: the session now belongs to this connection until it syncs or leaves.
    const body = Buffer.from("\0SELECT 1\0\0\0");
    const parse = Buffer.alloc(5);
    parse.write("P", 0);
    parse.writeInt32BE(4 + body.length, 1);
    socket.write(Buffer.concat([parse, body]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();

    const answer = await withPgClient(server.url, async (c) => (await c.query<{ two: number }>("SELECT 2 AS two")).rows[0]?.two);
    expect(answer).toBe(2);
  });

  it("refuses a second server on the same data directory", async () => {
    const error = await startEmbeddedServer({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(`process ${process.pid}`);
    expect((error as Error).message).toContain(server.url);
  });

  it("explains a port that is already taken, and releases the data directory", async () => {
    const other = await createTestDataDir({ migrate: false });
    dirs.push(other);
    const error = await startEmbeddedServer({ dataDir: other, port: server.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedServerError);
    expect(error).toMatchObject({ code: "PORT_IN_USE" });
    expect((error as Error).message).toMatch(new RegExp(`Port ${server.port} on 127\\.0\\.0\\.1 is already in use.*LORE_DB_PORT`));
    expect(existsSync(join(other, LOCK_FILE))).toBe(false);
  });

  it("is never mistaken for a real server that can hold throwaway test databases", async () => {
    await expect(startTestDatabase({ serverUrl: server.url })).rejects.toThrowError(/points at an embedded PGlite server/);
  });

  it("refuses to create a database among unrelated files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lore-not-a-db-"));
    dirs.push(dir);
    writeFileSync(join(dir, "notes.txt"), "precious");
    await expect(startEmbeddedServer({ dataDir: dir })).rejects.toMatchObject({ code: "NOT_A_DATA_DIR" });
  });

  it("keeps committed data across a stop and a restart on the same directory", async () => {
    await withPgClient(server.url, (c) => c.query(`INSERT INTO groups (id, name) VALUES ('g-durable', 'survives-restart')`));
    await server.stop();
    await server.stop(); // idempotent

    server = await startEmbeddedServer({ dataDir });
    const names = await withPgClient(server.url, async (c) =>
      (await c.query<{ name: string }>(`SELECT name FROM groups ORDER BY name`)).rows.map((r) => r.name),
    );
    expect(names).toEqual(expect.arrayContaining(["embedded-test", "survives-restart"]));
    expect(names).not.toContain("dropped-in-transaction");
  });
});
