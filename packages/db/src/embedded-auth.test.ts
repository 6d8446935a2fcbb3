import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  checkPassword,
  EmbeddedPasswordError,
  generatePassword,
  loadOrCreatePassword,
  PASSWORD_FILE,
  readPasswordFile,
  redactPassword,
  withPassword,
} from "./embedded-auth";
import { scramVerifier } from "./scram";
import { startupMessage, typed, type BackendMessage } from "./testing/wire";

const PASSWORD = generatePassword();

/** Collects what the server sends on `socket` until it closes the connection (or `ms` pass). */
function replies(socket: Socket, ms = 5000): Promise<{ messages: BackendMessage[]; raw: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = (closed: boolean) => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      const messages: BackendMessage[] = [];
      for (let offset = 0; offset + 5 <= raw.length;) {
        const length = raw.readInt32BE(offset + 1);
        messages.push({ type: String.fromCharCode(raw[offset]!), body: raw.subarray(offset + 5, offset + 1 + length) });
        offset += 1 + length;
      }
      resolve({ messages, raw, closed });
    };
    const timer = setTimeout(() => done(false), ms);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined);
    socket.once("close", () => done(true));
  });
}

/** The fields of an ErrorResponse, by field letter. */
function errorFields(body: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let offset = 0; body[offset] !== 0 && offset < body.length;) {
    const end = body.indexOf(0, offset + 1);
    fields[String.fromCharCode(body[offset]!)] = body.toString("utf8", offset + 1, end);
    offset = end + 1;
  }
  return fields;
}

/**
 * A stand-in for pglite-socket: checks passwords in front of a 'data' listener added on the next turn of the event
 * loop, as the library adds its own, which answers a startup message with AuthenticationOk and ReadyForQuery.
 */
let server: Server;
let port: number;
let received: Buffer[] = [];

beforeAll(async () => {
  const verifier = scramVerifier(PASSWORD);
  server = createServer((socket) => {
    setImmediate(() => {
      socket.on("data", (data: Buffer) => {
        received.push(data);
        if (data.length >= 8 && data.readInt32BE(4) === 196608) {
          socket.write(Buffer.concat([typed("R", Buffer.from([0, 0, 0, 0])), typed("Z", Buffer.from("I"))]));
        }
      });
      socket.on("error", () => undefined);
    });
  });
  server.on("connection", (socket: Socket) => checkPassword(socket, { verifier, timeoutMs: 300 }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  received = [];
});

const url = (password?: string) =>
  `postgresql://postgres${password === undefined ? "" : `:${encodeURIComponent(password)}`}@127.0.0.1:${port}/postgres`;

async function open(): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return socket;
}

describe("the password check in front of the embedded server", () => {
  it("lets a client with the password through, and hands the library its startup message only then", async () => {
    const client = new pg.Client({ connectionString: url(PASSWORD) });
    await client.connect();
    await client.end();
    expect(received[0]?.readInt32BE(4)).toBe(196608);
    expect(received[0]?.toString("utf8")).toContain("user\0postgres\0");
  });

  it("refuses a wrong password with FATAL 28P01, and the library never hears of the client", async () => {
    const client = new pg.Client({ connectionString: url("not-the-password-at-all") });
    client.on("error", () => undefined);
    await expect(client.connect()).rejects.toMatchObject({ code: "28P01", message: 'password authentication failed for user "postgres"' });
    const missing = new pg.Client({ connectionString: url() });
    missing.on("error", () => undefined);
    await expect(missing.connect()).rejects.toThrow(/password/);
    expect(received).toEqual([]);
  });

  it("keeps queries sent without authenticating away from the database, and closes the connection", async () => {
    const socket = await open();
    const answer = replies(socket);
    socket.write(Buffer.concat([startupMessage({ user: "postgres", database: "postgres" }), typed("Q", Buffer.from("SELECT 1\0"))]));
    const { messages, closed } = await answer;
    expect(messages.map((m) => m.type)).toEqual(["R", "E"]);
    expect(messages[0]?.body.readInt32BE(0)).toBe(10); // AuthenticationSASL
    expect(messages[0]?.body.toString("utf8", 4)).toBe("SCRAM-SHA-256\0\0");
    expect(errorFields(messages[1]!.body)).toMatchObject({ S: "FATAL", C: "08P01" });
    expect(closed).toBe(true);
    expect(received).toEqual([]);
  });

  it("refuses a cleartext password and a made-up proof", async () => {
    const cleartext = await open();
    const first = replies(cleartext);
    cleartext.write(startupMessage({ user: "mallory" }));
    cleartext.write(typed("p", Buffer.from(`${PASSWORD}\0`)));
    const refused = await first;
    expect(refused.closed).toBe(true);
    expect(errorFields(refused.messages.at(-1)!.body)).toMatchObject({ C: "08P01" });

    // A well-formed exchange with the wrong key: 28P01, naming the user of the startup message.
    const forged = await open();
    const chunks: Buffer[] = [];
    forged.on("data", (chunk: Buffer) => chunks.push(chunk));
    forged.write(startupMessage({ user: "mallory" }));
    const clientFirst = Buffer.from("n,,n=,r=abcdefgh");
    const length = Buffer.alloc(4);
    length.writeInt32BE(clientFirst.length);
    forged.write(typed("p", Buffer.concat([Buffer.from("SCRAM-SHA-256\0"), length, clientFirst])));
    await expect.poll(() => Buffer.concat(chunks).toString("latin1")).toMatch(/r=abcdefgh[^,]+,s=/);
    const serverNonce = /r=([^,]+)/.exec(Buffer.concat(chunks).toString("latin1"))![1]!;
    const rest = replies(forged);
    forged.write(typed("p", Buffer.from(`c=biws,r=${serverNonce},p=${randomBytes(32).toString("base64")}`)));
    const { messages, closed } = await rest;
    expect(errorFields(messages.at(-1)!.body)).toMatchObject({
      S: "FATAL",
      C: "28P01",
      M: 'password authentication failed for user "mallory"',
    });
    expect(closed).toBe(true);
    expect(received).toEqual([]);
  });

  it("authenticates a client whose messages arrive one byte at a time, SSL request first", async () => {
    const socket = await open();
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    const all = () => Buffer.concat(chunks);
    const writeSlowly = async (bytes: Buffer) => {
      for (const byte of bytes) {
        socket.write(Buffer.from([byte]));
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const ssl = Buffer.alloc(8);
    ssl.writeInt32BE(8, 0);
    ssl.writeInt32BE(80877103, 4);
    await writeSlowly(ssl);
    await expect.poll(() => all().toString("latin1")).toBe("N");
    chunks.length = 0;

    await writeSlowly(startupMessage({ user: "postgres" }));
    const clientNonce = randomBytes(18).toString("base64");
    const clientFirstBare = `n=,r=${clientNonce}`;
    const clientFirst = Buffer.from(`n,,${clientFirstBare}`);
    const length = Buffer.alloc(4);
    length.writeInt32BE(clientFirst.length);
    await writeSlowly(typed("p", Buffer.concat([Buffer.from("SCRAM-SHA-256\0"), length, clientFirst])));
    await expect.poll(() => all().toString("latin1")).toMatch(/i=\d+$/);
    const serverFirst = all().toString("latin1").slice(all().indexOf("r="));
    const salt = Buffer.from(/s=([^,]+)/.exec(serverFirst)![1]!, "base64");
    const iterations = Number(/i=(\d+)/.exec(serverFirst)![1]);
    const nonce = /r=([^,]+)/.exec(serverFirst)![1]!;
    // The client side of RFC 5802, written out independently of scram.ts.
    const salted = pbkdf2Sync(PASSWORD, salt, iterations, 32, "sha256");
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    const storedKey = createHash("sha256").update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const signature = createHmac("sha256", storedKey).update(authMessage).digest();
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]!));
    chunks.length = 0;
    await writeSlowly(typed("p", Buffer.from(`${withoutProof},p=${proof.toString("base64")}`)));
    await expect.poll(() => all().includes(Buffer.from("Z\0\0\0\x05I"))).toBe(true);
    const serverKey = createHmac("sha256", salted).update("Server Key").digest();
    const expected = `v=${createHmac("sha256", serverKey).update(authMessage).digest("base64")}`;
    expect(all().toString("latin1")).toContain(expected); // SASLFinal: the server knew the password too
    expect(received.map((chunk) => chunk.readInt32BE(4))).toEqual([196608]); // the startup message, in one piece
    socket.destroy();
  });

  it("does not buffer a huge message from a client that has not authenticated", async () => {
    const socket = await open();
    const answer = replies(socket);
    socket.write(startupMessage({ user: "postgres" }));
    const header = Buffer.alloc(5);
    header.write("p", 0, "latin1");
    header.writeInt32BE(1 << 30, 1); // claims a gigabyte
    socket.write(Buffer.concat([header, Buffer.alloc(100_000)]));
    const { messages, closed } = await answer;
    expect(errorFields(messages.at(-1)!.body)).toMatchObject({ C: "08P01", M: "too much data before authentication" });
    expect(closed).toBe(true);
    expect(received).toEqual([]);
  });

  it("closes a connection that does not authenticate in time", async () => {
    const socket = await open();
    const answer = replies(socket, 5000);
    socket.write(startupMessage({ user: "postgres" })); // and then nothing
    const { closed } = await answer;
    expect(closed).toBe(true);
    expect(received).toEqual([]);
  });
});

describe("the password file", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "lore-password-"));
    dirs.push(dir);
    return dir;
  };

  it("is created at the first start, mode 0600, and read back (made private again) afterwards", () => {
    const dir = newDir();
    expect(readPasswordFile(dir)).toBeNull();
    const password = loadOrCreatePassword(dir);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const file = join(dir, PASSWORD_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe(`${password}\n`);

    chmodSync(file, 0o644);
    expect(loadOrCreatePassword(dir)).toBe(password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readPasswordFile(dir)).toBe(password);
  });

  it("refuses a file that holds no usable password", () => {
    const dir = newDir();
    writeFileSync(join(dir, PASSWORD_FILE), "short\n", { mode: 0o600 });
    expect(() => loadOrCreatePassword(dir)).toThrow(EmbeddedPasswordError);
    expect(() => readPasswordFile(dir)).toThrow(/Delete the file/);
  });
});

describe("URLs", () => {
  it("carry the password encoded, and drop it for display", () => {
    const url = withPassword("postgresql://postgres@127.0.0.1:54329/postgres?sslmode=disable", "a/b@c:d%e");
    expect(new URL(url).password).toBe(encodeURIComponent("a/b@c:d%e"));
    expect(redactPassword(url)).toBe("postgresql://postgres@127.0.0.1:54329/postgres?sslmode=disable");
    expect(redactPassword("postgresql://postgres@127.0.0.1:1/x")).toBe("postgresql://postgres@127.0.0.1:1/x");
  });
});
