import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pageinspect } from "@electric-sql/pglite/contrib/pageinspect";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { acquireDataDirLock, dataDirOwner, DataDirLockedError, LOCK_FILE } from "./datadir-lock";
import {
  assertUsablePassword,
  loadOrCreatePassword,
  makePrivateDirectory,
  PASSWORD_FILE,
  readPasswordFile,
  requirePassword,
  withPassword,
} from "./embedded-auth";
import { env, MAX_SHARED_BUFFERS_MB, MIN_SHARED_BUFFERS_MB } from "./env";

export { MAX_SHARED_BUFFERS_MB, MIN_SHARED_BUFFERS_MB, PGLITE_MEMORY_MB } from "./env";
import { startPrewarming } from "./prewarm";
import { scramVerifier } from "./scram";
import { guardSession } from "./session-guard";

export { DataDirLockedError } from "./datadir-lock";
export { EmbeddedPasswordError, PASSWORD_FILE, redactPassword } from "./embedded-auth";

export interface EmbeddedServerOptions {
  /** Directory holding the database files; created if missing. */
  dataDir: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Interface to listen on (default 127.0.0.1). Clients must give the password, but the connection is not encrypted
   * (no SSL): keep it on loopback.
   */
  host?: string;
  /**
   * The password clients must give (SCRAM-SHA-256). Default: the one in the data directory's {@link PASSWORD_FILE}
   * (mode 0600), generated at the first start. Given here, no file is read or written: for throwaway servers, whose
   * URL is the only way in.
   */
  password?: string;
  /**
   * Client connections accepted at once, across every pool of every process using the server.
   * Beyond it pglite-socket answers with plain text that clients report as a protocol error.
   */
  maxConnections?: number;
  /**
   * Postgres's buffer cache (`shared_buffers`) in MB (16–{@link MAX_SHARED_BUFFERS_MB}); defaults to LORE_DB_SHARED_BUFFERS_MB. Every
   * page that misses it is read through PGlite's WebAssembly file layer, so it should hold what searches read:
   * per 1,000 chunks about 1.6 MB of vector index and 4 MB of the term index's impact-ordered index (PGlite's own
   * default, 128 MB, held a tenth of what searches read at 100,000 chunks). The memory is reserved at start.
   */
  sharedBuffersMb?: number;
  /**
   * Read the IVFFlat vector indexes into the buffer cache at start and every 10 minutes (default true): their
   * scans do not keep what they read there (see prewarm.ts).
   */
  prewarm?: boolean;
}

export interface EmbeddedServer {
  /**
   * Connection string for pg, Prisma (@prisma/adapter-pg) and psql, with the password: never print or log it as it
   * is ({@link redactPassword}).
   */
  url: string;
  port: number;
  host: string;
  dataDir: string;
  /** The file holding the password; null when it was given as an option. */
  passwordFile: string | null;
  /** Closes client connections, then the database (flushing it to disk), then releases the data directory. */
  stop(): Promise<void>;
}

export type EmbeddedServerErrorCode = "PORT_IN_USE" | "PORT_FORBIDDEN" | "NOT_A_DATA_DIR" | "OPEN_FAILED";

export class EmbeddedServerError extends Error {
  constructor(
    readonly code: EmbeddedServerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "EmbeddedServerError";
  }
}

const DEFAULT_HOST = "127.0.0.1";

/**
 * The vector search settings retrieval runs with (packages/core knowledge-base/search-indexes/vector-index.ts): 24 probes, what an
 * index of up to 340 lists (about 115,000 chunks) wants, and pgvector's iterative scan, which keeps probing
 * lists until enough rows pass the access and filter conditions (96 lists at most). They are this server's
 * defaults, so a search needs no transaction to set them locally; a larger index, or another server, gets
 * them set per query (or the administrator sets them with `ALTER DATABASE … SET`, see docs/operations/postgresql.md).
 */
export const EMBEDDED_VECTOR_SETTINGS = {
  "ivfflat.probes": "24",
  "ivfflat.max_probes": "96",
  "ivfflat.iterative_scan": "relaxed_order",
} as const;

/** PGlite's own start parameters, plus the buffer cache size and the vector search defaults. */
export function embeddedStartParams(sharedBuffersMb: number = env.LORE_DB_SHARED_BUFFERS_MB): string[] {
  if (!Number.isInteger(sharedBuffersMb) || sharedBuffersMb < MIN_SHARED_BUFFERS_MB || sharedBuffersMb > MAX_SHARED_BUFFERS_MB) {
    throw new RangeError(
      `The embedded server's cache must be a whole number of MB from ${MIN_SHARED_BUFFERS_MB} to ${MAX_SHARED_BUFFERS_MB}, not ${sharedBuffersMb}.`,
    );
  }
  const settings = { shared_buffers: `${sharedBuffersMb}MB`, ...EMBEDDED_VECTOR_SETTINGS };
  return [...PGlite.defaultStartParams, ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])];
}
const DEFAULT_MAX_CONNECTIONS = 100;

/** The host clients should dial: a wildcard bind address is reachable on loopback. */
function connectHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * The URL format that both `pg` and `@prisma/adapter-pg` accept for the embedded server; without a password, the
 * form lock files and messages show. Any user name is accepted (the session is PGlite's superuser, `postgres`);
 * sslmode=disable spares clients an SSL round trip the server would decline.
 */
export function embeddedUrl(host: string, port: number, password?: string): string {
  const url = `postgresql://postgres@${connectHost(host)}:${port}/postgres?sslmode=disable`;
  return password === undefined ? url : withPassword(url, password);
}

/**
 * Makes the data directory private (mode 0700, created so when missing), and LORE_DATA_DIR (`.data`) too when the
 * data directory is in it (`.data/pg`): the database files and the password are readable by their owner only.
 */
export function secureDataDir(dataDir: string, dataRoot: string = env.LORE_DATA_DIR): void {
  if (resolve(dirname(dataDir)) === resolve(dataRoot)) makePrivateDirectory(dataRoot);
  makePrivateDirectory(dataDir);
}

/** Creates the data directory, checks it holds nothing but a database, and makes it private. */
function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const ours = new Set([LOCK_FILE, PASSWORD_FILE, ".DS_Store"]);
  const entries = readdirSync(dataDir).filter((name) => !ours.has(name) && !name.startsWith(`${LOCK_FILE}.`));
  if (entries.length > 0 && !existsSync(resolve(dataDir, "PG_VERSION"))) {
    throw new EmbeddedServerError(
      "NOT_A_DATA_DIR",
      `${dataDir} is not empty and does not hold a Lore database (no PG_VERSION file). Refusing to create a database ` +
        "among unrelated files: point LORE_DATA_DIR at an empty or new directory.",
    );
  }
  secureDataDir(dataDir);
}

async function openDatabase(dataDir: string, startParams: string[]): Promise<PGlite> {
  try {
    return await PGlite.create({ dataDir, extensions: { vector, pageinspect }, startParams });
  } catch (error) {
    const versionFile = resolve(dataDir, "PG_VERSION");
    const onDisk = existsSync(versionFile) ? readFileSync(versionFile, "utf8").trim() : null;
    const hint = onDisk
      ? ` The directory holds a PostgreSQL ${onDisk} database; if an older Lore created it, export it with that version ` +
        "(pg_dump) or move the directory away to start afresh."
      : "";
    throw new EmbeddedServerError(
      "OPEN_FAILED",
      `Could not open the embedded database in ${dataDir}: ${(error as Error).message}.${hint}`,
      { cause: error },
    );
  }
}

function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    return new EmbeddedServerError(
      "PORT_IN_USE",
      `Port ${port} on ${host} is already in use, so the embedded database cannot listen there. Another Lore ` +
        "(or another PostgreSQL) is probably running: stop it, or choose another port with LORE_DB_PORT.",
      { cause: error },
    );
  }
  if (code === "EACCES") {
    return new EmbeddedServerError(
      "PORT_FORBIDDEN",
      `Not allowed to listen on ${host}:${port} (ports below 1024 need privileges). Choose another port with LORE_DB_PORT.`,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Fails fast, before the seconds PGlite takes to open, when the port is obviously taken. */
function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once("error", (error) => reject(listenError(error, host, port)));
    probe.listen(port, host, () => probe.close(() => resolvePromise()));
  });
}

/**
 * Starts Postgres (PGlite, with pgvector) on `dataDir` and serves it over the Postgres wire protocol,
 * so the apps, the worker and any Postgres tool connect to it as to a real server. Clients must authenticate with
 * the password (SCRAM-SHA-256, see embedded-auth.ts), which `url` carries; the data directory is made private (0700).
 *
 * It is one Postgres session shared by all connections: a transaction blocks the other connections
 * until it ends, session settings (SET) are shared, LISTEN/NOTIFY does not cross connections.
 * See docs/architecture.md (the embedded server is one Postgres session).
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? DEFAULT_HOST;
  const requestedPort = options.port ?? 0;
  const startParams = embeddedStartParams(options.sharedBuffersMb);

  prepareDataDir(dataDir);
  const lock = acquireDataDirLock(dataDir);

  let db: PGlite | null = null;
  try {
    const password =
      options.password === undefined ? loadOrCreatePassword(dataDir) : assertUsablePassword(options.password, "options.password");
    const verifier = scramVerifier(password);
    await assertPortFree(host, requestedPort);
    db = await openDatabase(dataDir, startParams);
    const guarded = guardSession(db);
    const server = new PGLiteSocketServer({
      db: guarded.db,
      host,
      port: requestedPort,
      maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    });
    try {
      await server.start();
    } catch (error) {
      throw listenError(error, host, requestedPort);
    }
    try {
      // The password before anything reaches PGlite; then large messages in one piece, not copied once per TCP chunk.
      requirePassword(server, { verifier });
    } catch (error) {
      await server.stop();
      throw error;
    }

    const port = Number(server.getServerConn().split(":").pop());
    const url = embeddedUrl(host, port, password);
    lock.update({ url: embeddedUrl(host, port) }); // other processes take the password from its file

    const prewarmer =
      options.prewarm === false
        ? null
        : startPrewarming(url, {
            onError: (error) =>
              process.stderr.write(
                `[db] could not read the vector indexes into the cache (searches stay correct, only slower): ${(error as Error).message}\n`,
              ),
          });

    const database = db;
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        // Stopped first, but not waited for: behind an open transaction its statement would wait, and
        // stopping the server is what closes that transaction's connection.
        prewarmer?.stop();
        await server.stop();
        await prewarmer?.latest;
        // Disconnecting clients roll back their open transactions asynchronously; let that
        // finish before the database goes away.
        await guarded.idle();
        await database.close();
        // Only now: if closing failed, this process may still hold the files. (When it exits,
        // its lock turns stale and the next start takes it over.)
        lock.release();
      })();
      return stopping;
    };

    return { url, port, host, dataDir, passwordFile: options.password === undefined ? join(dataDir, PASSWORD_FILE) : null, stop };
  } catch (error) {
    try {
      if (db && !db.closed) await db.close();
    } finally {
      lock.release();
    }
    throw error;
  }
}

/** The embedded server's data directory as configured: `LORE_DATA_DIR/pg` (`.data/pg` at the repository root by default). */
export function embeddedDataDir(): string {
  return join(env.LORE_DATA_DIR, "pg");
}

export interface FoundEmbeddedDatabase {
  /** Connection string of the server that serves the data directory. */
  url: string;
  dataDir: string;
  /** The server this call started, which the caller stops when done; null when another process serves the directory. */
  server: EmbeddedServer | null;
  /** This call created the database: the directory held none before. */
  created: boolean;
}

/**
 * The URL a lock file names, with the password from the data directory's file. Unchanged when there is no file: a
 * server given its password as an option (which cannot be reached this way), or an older Lore's (which had none).
 */
function runningServerUrl(lockUrl: string, dataDir: string): string {
  const password = readPasswordFile(dataDir);
  return password === null ? lockUrl : withPassword(lockUrl, password);
}

/**
 * The embedded database for a command that needs it for a while (the CLI). When another process serves the data
 * directory (`npm start`, `pnpm db:server`, another command), the URL its lock file names, with the password from the
 * data directory's {@link PASSWORD_FILE} (so only users who may read the folder get in); otherwise a server
 * started here on the same directory, for the caller to stop. A process still opening the database (its lock names
 * no URL yet) is waited for, up to `waitMs` (default 60 s); a directory held from another host is an error
 * ({@link DataDirLockedError}). Defaults: the configured directory ({@link embeddedDataDir}) and LORE_DB_PORT.
 */
export async function findOrStartEmbeddedServer(
  options: Partial<EmbeddedServerOptions> & { waitMs?: number } = {},
): Promise<FoundEmbeddedDatabase> {
  const dataDir = resolve(options.dataDir ?? embeddedDataDir());
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  for (;;) {
    const owner = dataDirOwner(dataDir);
    if (owner && owner.hostname !== hostname()) throw new DataDirLockedError(dataDir, owner);
    if (owner?.url) return { url: runningServerUrl(owner.url, dataDir), dataDir, server: null, created: false };
    if (!owner) {
      const created = !existsSync(resolve(dataDir, "PG_VERSION"));
      try {
        const server = await startEmbeddedServer({ ...options, dataDir, port: options.port ?? env.LORE_DB_PORT });
        return { url: server.url, dataDir, server, created };
      } catch (error) {
        // Another process took the directory between the look and the start: look again.
        if (!(error instanceof DataDirLockedError)) throw error;
      }
    }
    if (Date.now() > deadline) {
      const holder = dataDirOwner(dataDir);
      if (holder) throw new DataDirLockedError(dataDir, holder);
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
  }
}
