import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
  findOrStartEmbeddedServer,
  PASSWORD_FILE,
  secureDataDir,
  startEmbeddedServer,
  type EmbeddedServer,
} from "./embedded";
import { env } from "./env";
import { createTestDataDir, startTestDatabase, withPgClient } from "./testing";
import { startupMessage, typed, type BackendMessage } from "./testing/wire";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The backend messages arriving on `socket`, one at a time; null once the server has closed the connection. */
function messageReader(socket: Socket): () => Promise<BackendMessage | null> {
  let buffered = Buffer.alloc(0);
  let closed = false;
  let wake: (() => void) | null = null;
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    wake?.();
  });
  socket.on("close", () => {
    closed = true;
    wake?.();
  });
  socket.on("error", () => undefined);
  return async () => {
    for (;;) {
      if (buffered.length >= 5 && buffered.length >= 1 + buffered.readInt32BE(1)) {
        const length = buffered.readInt32BE(1);
        const message = { type: String.fromCharCode(buffered[0]!), body: buffered.subarray(5, 1 + length) };
        buffered = buffered.subarray(1 + length);
        return message;
      }
      if (closed) return null;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  };
}

async function openSocket(port: number): Promise<{ socket: Socket; next: () => Promise<BackendMessage | null> }> {
  const socket = connect(port, "127.0.0.1");
  const next = messageReader(socket);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return { socket, next };
}

/** A raw connection past authentication (SCRAM-SHA-256, client side written out here) and the ReadyForQuery. */
async function authenticatedSocket(port: number, password: string): Promise<Socket> {
  const { socket, next } = await openSocket(port);
  socket.write(startupMessage());
  expect((await next())?.body.readInt32BE(0)).toBe(10); // AuthenticationSASL
  const clientFirstBare = `n=,r=${randomBytes(18).toString("base64")}`;
  const clientFirst = Buffer.from(`n,,${clientFirstBare}`);
  const length = Buffer.alloc(4);
  length.writeInt32BE(clientFirst.length);
  socket.write(typed("p", Buffer.concat([Buffer.from("SCRAM-SHA-256\0"), length, clientFirst])));
  const serverFirst = (await next())!.body.toString("utf8", 4);
  const fields = Object.fromEntries(serverFirst.split(",").map((field) => [field[0], field.slice(2)]));
  const salted = pbkdf2Sync(password, Buffer.from(fields.s!, "base64"), Number(fields.i), 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const withoutProof = `c=biws,r=${fields.r}`;
  const signature = createHmac("sha256", createHash("sha256").update(clientKey).digest())
    .update(`${clientFirstBare},${serverFirst},${withoutProof}`)
    .digest();
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]!)).toString("base64");
  socket.write(typed("p", Buffer.from(`${withoutProof},p=${proof}`)));
  for (;;) {
    const message = await next();
    if (!message || message.type === "E") throw new Error(`not authenticated: ${message?.body.toString("latin1")}`);
    if (message.type === "Z") break;
  }
  socket.removeAllListeners("data");
  return socket;
}

const passwordOf = (dataDir: string) => readFileSync(join(dataDir, PASSWORD_FILE), "utf8").trim();

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

  it("serves a URL that pg and Prisma both use, with the password of the data directory's file", async () => {
    expect(server.url).toBe(`postgresql://postgres:${passwordOf(dataDir)}@127.0.0.1:${server.port}/postgres?sslmode=disable`);
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
    const socket = await authenticatedSocket(server.port, passwordOf(dataDir));
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
    expect((error as Error).message).toContain(`postgresql://postgres@127.0.0.1:${server.port}/postgres`);
    expect((error as Error).message).not.toContain(passwordOf(dataDir));
  });

  it("refuses clients without the password (28P01), and nothing they send reaches the database", async () => {
    const wrong = new URL(server.url);
    wrong.password = "postgres";
    await expect(withPgClient(wrong.toString(), (c) => c.query("SELECT 1"))).rejects.toMatchObject({
      code: "28P01",
      message: 'password authentication failed for user "postgres"',
    });
    wrong.password = "";
    await expect(withPgClient(wrong.toString(), (c) => c.query("SELECT 1"))).rejects.toThrow(/password/);

    // A client that skips authentication: its statement must not run.
    const { socket, next } = await openSocket(server.port);
    socket.write(
      Buffer.concat([startupMessage(), typed("Q", Buffer.from("INSERT INTO groups (id, name) VALUES ('g-intruder', 'intruders')\0"))]),
    );
    const replies: BackendMessage[] = [];
    for (let message = await next(); message; message = await next()) replies.push(message);
    expect(replies.map((m) => m.type)).toEqual(["R", "E"]); // AuthenticationSASL, then FATAL; the connection closed
    expect(replies[0]?.body.readInt32BE(0)).toBe(10);
    const count = await withPgClient(
      server.url,
      async (c) => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM groups WHERE id = 'g-intruder'`)).rows[0]?.n,
    );
    expect(count).toBe(0);
  });

  it("keeps the password in a 0600 file of a 0700 data directory, and out of the lock file", async () => {
    expect(server.passwordFile).toBe(join(dataDir, PASSWORD_FILE));
    expect(statSync(join(dataDir, PASSWORD_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as { url: string };
    expect(lock.url).toBe(`postgresql://postgres@127.0.0.1:${server.port}/postgres?sslmode=disable`);
  });

  it("gives another process that finds the running server through its lock file the password, from its file", async () => {
    const found = await findOrStartEmbeddedServer({ dataDir, waitMs: 0 });
    expect(found).toMatchObject({ url: server.url, server: null, created: false });
    expect(await withPgClient(found.url, async (c) => (await c.query<{ one: number }>("SELECT 1 AS one")).rows[0]?.one)).toBe(1);
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

  // It starts a database (from the empty template, built on first use) inside the test: the hooks' allowance, since
  // on a loaded machine that can take longer than a test's minute.
  it("gives temporary databases a random password of their own, in no file", { timeout: 120_000 }, async () => {
    const db = await startTestDatabase({ migrate: false });
    try {
      const url = new URL(db.url);
      expect(url.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(url.password).not.toBe(new URL(server.url).password);
      url.password = new URL(server.url).password;
      await expect(withPgClient(url.toString(), (c) => c.query("SELECT 1"))).rejects.toMatchObject({ code: "28P01" });
    } finally {
      await db.stop();
    }
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

  it("keeps committed data and the password across a stop and a restart, and makes loosened modes private again", async () => {
    await withPgClient(server.url, (c) => c.query(`INSERT INTO groups (id, name) VALUES ('g-durable', 'survives-restart')`));
    const password = passwordOf(dataDir);
    await server.stop();
    await server.stop(); // idempotent

    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, PASSWORD_FILE), 0o644);
    server = await startEmbeddedServer({ dataDir });
    expect(new URL(server.url).password).toBe(password);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, PASSWORD_FILE)).mode & 0o777).toBe(0o600);
    const names = await withPgClient(server.url, async (c) =>
      (await c.query<{ name: string }>(`SELECT name FROM groups ORDER BY name`)).rows.map((r) => r.name),
    );
    expect(names).toEqual(expect.arrayContaining(["embedded-test", "survives-restart"]));
    expect(names).not.toContain("dropped-in-transaction");
  });
});

describe("the data folders", () => {
  it("are made private: the data directory, and LORE_DATA_DIR (.data) when it holds it", () => {
    const root = mkdtempSync(join(tmpdir(), "lore-data-root-"));
    dirs.push(root);
    chmodSync(root, 0o755);
    secureDataDir(join(root, "elsewhere", "pg"), join(root, "data"));
    expect(statSync(join(root, "elsewhere", "pg")).mode & 0o777).toBe(0o700);
    expect(statSync(root).mode & 0o777).toBe(0o755); // not LORE_DATA_DIR: left alone

    mkdirSync(join(root, "data"), { mode: 0o755 });
    chmodSync(join(root, "data"), 0o755);
    secureDataDir(join(root, "data", "pg"), join(root, "data"));
    expect(statSync(join(root, "data")).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, "data", "pg")).mode & 0o777).toBe(0o700);
  });
});
