import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { FrontendMessageFramer, pgliteNetServer } from "./message-framing";
import { SCRAM_SHA_256, ScramProtocolError, ScramServerSession, type ScramVerifier } from "./scram";

/*
 * Why this exists
 * ---------------
 * pglite-socket (0.2.17) hands a client's startup message straight to PGlite, which answers AuthenticationOk
 * whatever the user and password: anyone who can reach the port (every local user, on 127.0.0.1) could read every
 * document and make themselves an administrator.
 *
 * So every connection the library accepts first goes through a password check, as PostgreSQL's own
 * `scram-sha-256` authentication does it: the startup message is held back, the client proves it knows the password
 * with SCRAM-SHA-256 (the password itself never crosses the wire), and only then does the library see the startup
 * message (PGlite then answers AuthenticationOk and the session parameters, as before) and what follows. A wrong
 * password gets FATAL 28P01 and the connection is closed; nothing the client sent reaches the database.
 *
 * The password is generated at the first start and kept in the data directory (PASSWORD_FILE, mode 0600, in a
 * 0700 directory); clients on the machine that may use the database read it from there.
 */

/** The file in the data directory holding the password clients must give. */
export const PASSWORD_FILE = "lore-server.password";

/** How long a client has to authenticate, as PostgreSQL's `authentication_timeout`. */
export const AUTHENTICATION_TIMEOUT_MS = 60_000;

/**
 * What a client may send before it has authenticated (PostgreSQL allows a startup packet of 10,000 bytes and SASL
 * messages of 65,535): beyond it the connection is refused, rather than buffering whatever length a message claims.
 */
export const MAX_UNAUTHENTICATED_BYTES = 64 * 1024;

/** Printable ASCII without spaces (URL-safe once encoded, and unchanged by SASLprep), 16 characters or more. */
const USABLE_PASSWORD = /^[\x21-\x7e]{16,}$/;

/** A new random password: 32 URL-safe characters (192 bits). */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

export class EmbeddedPasswordError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EmbeddedPasswordError";
  }
}

/** `password`, when it is one the server can use; `source` names where it comes from in the error. */
export function assertUsablePassword(password: string, source: string, hint = ""): string {
  if (!USABLE_PASSWORD.test(password)) {
    throw new EmbeddedPasswordError(`${source} is not a usable password (16 or more printable ASCII characters, no spaces).${hint}`);
  }
  return password;
}

/** The password the file in `dataDir` holds; null when there is no file. */
export function readPasswordFile(dataDir: string): string | null {
  const path = join(dataDir, PASSWORD_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new EmbeddedPasswordError(`Cannot read the embedded database's password from ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return assertUsablePassword(
    text.replace(/\r?\n$/, ""),
    `The content of ${path}`,
    " Delete the file to have a new password generated at the next start.",
  );
}

/**
 * The password of the database in `dataDir`: the one its file holds (made private again, mode 0600, should it have
 * been loosened), or a new one written there at the first start. Call it holding the directory's lock.
 */
export function loadOrCreatePassword(dataDir: string): string {
  const path = join(dataDir, PASSWORD_FILE);
  const password = generatePassword();
  try {
    writeFileSync(path, `${password}\n`, { mode: 0o600, flag: "wx" });
    return password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  chmodSync(path, 0o600);
  return readPasswordFile(dataDir) ?? loadOrCreatePassword(dataDir); // deleted meanwhile: write a new one
}

/** Creates `dir` (and missing parents) readable by its owner only, and makes an existing one so. */
export function makePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** `url` with `password` (URL-encoded) as its password. */
export function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** `url` without its password, for logs, lock files and error messages. */
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = "";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1@");
  }
}

// Untyped messages before the startup message: their code is where the startup message has the protocol version.
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PASSWORD_MESSAGE = 0x70; // 'p': SASLInitialResponse and SASLResponse
const TERMINATE = 0x58; // 'X'

const AUTH_SASL = 10;
const AUTH_SASL_CONTINUE = 11;
const AUTH_SASL_FINAL = 12;

function authentication(code: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const message = Buffer.alloc(9 + data.length);
  message.write("R", 0, "latin1");
  message.writeInt32BE(8 + data.length, 1);
  message.writeInt32BE(code, 5);
  data.copy(message, 9);
  return message;
}

function fatal(sqlState: string, text: string): Buffer {
  const fields = Buffer.concat(
    [
      ["S", "FATAL"],
      ["V", "FATAL"],
      ["C", sqlState],
      ["M", text],
    ].map(([field, value]) => Buffer.from(`${field}${value}\0`, "utf8")),
  );
  const message = Buffer.alloc(6 + fields.length);
  message.write("E", 0, "latin1");
  message.writeInt32BE(5 + fields.length, 1);
  fields.copy(message, 5);
  return message; // the last byte stays 0: the fields' terminator
}

/** A NUL-terminated string at `offset` of `buffer`, and where the next field starts; null when there is no NUL. */
function cString(buffer: Buffer, offset: number): { value: string; next: number } | null {
  const end = buffer.indexOf(0, offset);
  return end < 0 ? null : { value: buffer.toString("utf8", offset, end), next: end + 1 };
}

/** The parameters of a startup message (`user`, `database`, …); null when it is malformed. */
function startupParameters(message: Buffer): Map<string, string> | null {
  const parameters = new Map<string, string>();
  let offset = 8;
  for (;;) {
    const name = cString(message, offset);
    if (!name) return null;
    if (name.value === "") return parameters;
    const value = cString(message, name.next);
    if (!value) return null;
    parameters.set(name.value, value.value);
    offset = value.next;
  }
}

class Refusal extends Error {
  constructor(
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PasswordCheckOptions {
  verifier: ScramVerifier;
  /** Default {@link AUTHENTICATION_TIMEOUT_MS}. */
  timeoutMs?: number;
}

type DataListener = (chunk: Buffer) => void;

/**
 * Makes every connection a started pglite-socket server accepts authenticate with SCRAM-SHA-256 before anything it
 * sends reaches the database, and hands the library whole frontend messages from then on (message-framing.ts).
 */
export function requirePassword(socketServer: object, options: PasswordCheckOptions): void {
  // Runs in the same tick as the library's own connection listener, which attaches its handler (and its 'data'
  // listener) only on the next turn of the event loop: the check is in place before any data flows.
  pgliteNetServer(socketServer).on("connection", (socket: Socket) => checkPassword(socket, options));
}

/**
 * Puts the password check in front of `socket`'s 'data' listeners: those added from now on (the library's) get the
 * client's messages only once it has authenticated, whole messages at a time.
 */
export function checkPassword(socket: Socket, options: PasswordCheckOptions): void {
  const framer = new FrontendMessageFramer();
  let phase: "startup" | "sasl-initial" | "sasl-continue" | "open" | "closed" = "startup";
  let startup: Buffer | null = null;
  let user = "";
  let session: ScramServerSession | null = null;
  let downstream: DataListener | null = null;
  const held: Buffer[] = [];
  let unauthenticatedBytes = 0;

  const forward = (messages: Buffer) => {
    if (downstream) downstream(messages);
    else held.push(messages);
  };

  const close = (reply?: Buffer) => {
    phase = "closed";
    clearTimeout(timer);
    if (!reply) {
      socket.destroy();
      return;
    }
    socket.end(reply);
    // A client that keeps its end open is cut off shortly after it has had the time to read the reply.
    setTimeout(() => socket.destroy(), 1000).unref();
  };

  const timer = setTimeout(() => {
    if (phase !== "open" && phase !== "closed") close();
  }, options.timeoutMs ?? AUTHENTICATION_TIMEOUT_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  // Until the library adds its own listener (next turn of the event loop), an error must not go unhandled.
  socket.once("error", () => {
    if (phase !== "open") close();
  });

  /**
   * Handles the messages of one batch until the client has authenticated: then returns the offset of what follows
   * its proof; null while it has not (or the connection is being closed).
   */
  const authenticate = (batch: Buffer): number | null => {
    let offset = 0;
    while (offset < batch.length) {
      if (phase === "startup") {
        if (batch.length - offset < 8) throw new Refusal("08P01", "invalid length of startup packet");
        const length = batch.readInt32BE(offset);
        if (length < 8 || offset + length > batch.length) throw new Refusal("08P01", "invalid length of startup packet");
        const message = batch.subarray(offset, offset + length);
        offset += length;
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write("N"); // no encryption: the client goes on in plain text, or gives up if it requires it
          continue;
        }
        if (code === CANCEL_REQUEST) {
          close(); // PGlite has no backend to cancel; a cancel request gets no answer in any case
          return null;
        }
        const major = code >>> 16;
        if (major !== 3) throw new Refusal("0A000", `unsupported frontend protocol ${major}.${code & 0xffff}: server supports 3.0`);
        const parameters = startupParameters(message);
        if (!parameters) throw new Refusal("08P01", "invalid startup packet layout");
        user = parameters.get("user") ?? "";
        if (!user) throw new Refusal("28000", "no PostgreSQL user name specified in startup packet");
        startup = Buffer.from(message);
        session = new ScramServerSession(options.verifier);
        socket.write(authentication(AUTH_SASL, Buffer.from(`${SCRAM_SHA_256}\0\0`, "utf8")));
        phase = "sasl-initial";
        continue;
      }

      if (batch.length - offset < 5) throw new Refusal("08P01", "invalid message length");
      const type = batch[offset]!;
      const length = batch.readInt32BE(offset + 1);
      if (length < 4 || offset + 1 + length > batch.length) throw new Refusal("08P01", "invalid message length");
      const body = batch.subarray(offset + 5, offset + 1 + length);
      offset += 1 + length;
      if (type === TERMINATE) {
        close();
        return null;
      }
      if (type !== PASSWORD_MESSAGE) throw new Refusal("08P01", `expected SASL response, got message type ${type}`);
      try {
        if (phase === "sasl-initial") {
          const mechanism = cString(body, 0);
          if (!mechanism || body.length < mechanism.next + 4) throw new Refusal("08P01", "malformed SASL message");
          if (mechanism.value !== SCRAM_SHA_256) throw new Refusal("08P01", "client selected an invalid SASL authentication mechanism");
          const dataLength = body.readInt32BE(mechanism.next);
          if (dataLength < 0 || body.length !== mechanism.next + 4 + dataLength) throw new Refusal("08P01", "malformed SASL message");
          const serverFirst = session!.start(body.toString("utf8", mechanism.next + 4));
          socket.write(authentication(AUTH_SASL_CONTINUE, Buffer.from(serverFirst, "utf8")));
          phase = "sasl-continue";
          continue;
        }
        const serverFinal = session!.finish(body.toString("utf8"));
        if (serverFinal === null) throw new Refusal("28P01", `password authentication failed for user "${user}"`);
        socket.write(authentication(AUTH_SASL_FINAL, Buffer.from(serverFinal, "utf8")));
        phase = "open";
        clearTimeout(timer);
        return offset;
      } catch (error) {
        if (error instanceof ScramProtocolError) throw new Refusal("08P01", `malformed SCRAM message: ${error.message}`);
        throw error;
      }
    }
    return null;
  };

  type Listener = (...args: unknown[]) => void;
  const on = socket.on.bind(socket) as unknown as (event: string | symbol, listener: Listener) => Socket;
  socket.on = ((event: string | symbol, listener: Listener): Socket => {
    if (event !== "data") return on(event, listener);
    downstream = listener as DataListener;
    for (const messages of held.splice(0)) downstream(messages);
    return socket;
  }) as unknown as Socket["on"];

  on("data", (chunk) => {
    if (phase === "closed") return;
    if (phase !== "open") {
      unauthenticatedBytes += (chunk as Buffer).length;
      if (unauthenticatedBytes > MAX_UNAUTHENTICATED_BYTES) {
        close(fatal("08P01", "too much data before authentication"));
        return;
      }
    }
    const messages = framer.push(chunk as Buffer);
    if (!messages) return;
    if (phase === "open") {
      forward(messages);
      return;
    }
    let rest: number | null;
    try {
      rest = authenticate(messages);
    } catch (error) {
      // Nothing a client sends may bring the server down: anything unforeseen refuses this connection only.
      const refusal =
        error instanceof Refusal ? error : new Refusal("08P01", `invalid authentication exchange: ${(error as Error).message}`);
      close(fatal(refusal.sqlState, refusal.message));
      return;
    }
    // Authenticated: now the library gets the startup message (PGlite answers AuthenticationOk and the session's
    // parameters), then whatever the client sent after its proof.
    if (rest !== null) forward(rest < messages.length ? Buffer.concat([startup!, messages.subarray(rest)]) : startup!);
  });
}
