import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "./env";
import { PrismaClient } from "./generated/prisma/client";

export interface PrismaClientOptions {
  /** Connections in the client's pool (pg's default is 10). */
  maxConnections?: number;
  /** Called with every statement the client sends and its duration (profiling, tests that check what runs). */
  onQuery?: (event: { query: string; params: string; duration: number }) => void;
  /**
   * The server cancels any statement of this client's connections that runs longer (SQLSTATE 57014). For the
   * request path (the apps' `getPrisma()`), never for the worker: an index build may rightly take minutes.
   * PGlite (the embedded server) has no timers to enforce it, so there it has no effect.
   */
  statementTimeoutMs?: number;
}

/**
 * A new Prisma client on its own connection pool. Prefer `getPrisma()` in the apps; use this in
 * scripts, workers and tests that own their client (and call `$disconnect()` when done).
 */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  // No statementNameGenerator: unnamed statements only, because the embedded server is a single
  // Postgres session shared by every connection and named statements would clash there.
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.maxConnections,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  const { onQuery } = options;
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (event) => onQuery({ query: event.query, params: event.params, duration: event.duration }));
  return client;
}

/**
 * A plain `pg` pool, for what Prisma cannot do well: vector queries with the pgvector package,
 * bulk COPY, job queues. The caller ends it.
 */
export function createPgPool(url: string, options: { max?: number } = {}): pg.Pool {
  return new pg.Pool({ connectionString: url, max: options.max });
}

// One client per process. Cached on globalThis because Next's dev server re-evaluates modules on
// every hot reload (and may load this file in several bundles), and each new client would open
// another pool until Postgres runs out of connections.
const cache = globalThis as typeof globalThis & { __lorePrisma?: PrismaClient };

/**
 * The process-wide Prisma client for DATABASE_URL, created on first use: the apps' client, whose statements are
 * cut off after LORE_STATEMENT_TIMEOUT_MS so one pathological query cannot hold a connection (and a page) for
 * long. The worker and the CLI make their own clients, without it.
 */
export function getPrisma(): PrismaClient {
  if (!cache.__lorePrisma) {
    const url = env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set, so Lore does not know which database to use. Start everything with `npm start` " +
          "(it runs the embedded database and sets it), or set DATABASE_URL to a PostgreSQL server with pgvector, " +
          "e.g. postgresql://lore:<password>@127.0.0.1:5432/lore.",
      );
    }
    cache.__lorePrisma = createPrismaClient(url, { statementTimeoutMs: env.LORE_STATEMENT_TIMEOUT_MS });
  }
  return cache.__lorePrisma;
}

/**
 * The same shared client as `getPrisma()`, usable as a value. Nothing connects (and DATABASE_URL
 * is not required) until the first property is read.
 */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getPrisma();
    const value: unknown = Reflect.get(client, property, client);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
  has(_target, property) {
    return Reflect.has(getPrisma(), property);
  },
});
