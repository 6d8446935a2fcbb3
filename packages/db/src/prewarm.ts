import pg from "pg";

/*
 * Why the embedded server reads its vector indexes into its cache
 * ----------------------------------------------------------------
 * pgvector's IVFFlat scans read the index through a small ring of buffers (a bulk-read strategy): the lists a
 * search reads are not kept in the buffer cache, unless they were there already. On a PostgreSQL server the
 * operating system's cache makes reading them again cheap; on the embedded server every read goes through
 * PGlite's WebAssembly file layer, which is slow. After a restart, each search read the index's pages again,
 * every time, and took about twice as long (docs/benchmarks.md, "The embedded server's cache").
 *
 * Reading every page of the index once through pageinspect's `get_raw_page`, which goes through the cache
 * like any ordinary read, puts the pages where the scans find them. This runs when the server starts and every
 * {@link PREWARM_INTERVAL_MS} after (pages evicted meanwhile come back; a rebuilt index is a new relation),
 * through an ordinary connection in batches of {@link PREWARM_BATCH_PAGES} pages, so searches interleave
 * with it. At most half the cache is spent on it: beyond that it would evict what searches read next.
 * The extension is installed for the run, in a schema of its own ({@link PREWARM_SCHEMA}), and that schema is
 * dropped after it (also when a run was cut short: the next one finds it and drops it), so the database holds
 * nothing of it between runs. A pageinspect the database already had is used and left alone. The B-tree indexes and the rows searches read need none of
 * this: index scans and row fetches keep their pages in the cache.
 */

/** Pages read per statement: a search waits for one batch at most (a few ms when cached, ~0.1 s when not). */
export const PREWARM_BATCH_PAGES = 1024;
/** How often the vector indexes are read into the cache again. */
export const PREWARM_INTERVAL_MS = 10 * 60_000;

export interface PrewarmResult {
  /** Each IVFFlat index read, with the pages read into the cache. */
  indexes: { name: string; pages: number }[];
}

/** Where a run installs pageinspect; dropped at its end. */
export const PREWARM_SCHEMA = "lore_prewarm";

/** The index was dropped, or rebuilt smaller, while it was being read (an index refresh). */
function indexChangedMeanwhile(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === "42P01" || (code === "22023" && /out of range/i.test(message ?? ""));
}

/** Rejects once `signal` aborts (never, without one). */
function abortion(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true }));
}

/**
 * Reads the IVFFlat indexes' pages into the embedded server's buffer cache, within half the cache: the index a
 * search used last first (the active embedding model's: a re-embedding's new index is not searched until it
 * is switched to, a retired model's no longer is), then the others largest first (as after a restart that
 * lost the statistics). Safe to run while indexes are dropped or rebuilt: an index that disappears or shrinks midway is left
 * as far as it was read. `signal` stops it: its connection is asked to close and nothing more is sent; the run
 * ends when the server lets the connection go (at once, or, behind a transaction another connection holds open
 * on the single session, when that ends or the server stops).
 */
export async function prewarmVectorIndexes(url: string, signal?: AbortSignal): Promise<PrewarmResult> {
  const indexes: PrewarmResult["indexes"] = [];
  if (signal?.aborted) return { indexes };
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // a connection closed by an abort; the query in flight reports it
  const close = () => void client.end().catch(() => {});
  signal?.addEventListener("abort", close, { once: true });
  try {
    // pg never settles a connect() whose client is ended before the handshake is over: stop waiting on abort.
    await Promise.race([client.connect(), abortion(signal)]);
    // The index statistics lag behind the scans until the server reports them (when a transaction ends, at
    // most once a second): report now, so the order below sees the latest searches.
    await client.query("SELECT pg_stat_force_next_flush()");
    const { rows } = await client.query<{ name: string; pages: string; budget: string }>(
      `SELECT c.oid::regclass::text AS name,
              pg_relation_size(c.oid) / current_setting('block_size')::int AS pages,
              pg_size_bytes(current_setting('shared_buffers')) / current_setting('block_size')::int / 2 AS budget
         FROM pg_class c JOIN pg_am am ON am.oid = c.relam
         LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = c.oid
        WHERE c.relkind = 'i' AND am.amname = 'ivfflat'
        ORDER BY s.last_idx_scan DESC NULLS LAST, pages DESC`,
    );
    const installed = await client.query<{ schema: string }>(
      "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pageinspect'",
    );
    let schema = installed.rows[0]?.schema;
    // Nothing to read (no IVFFlat index yet, as on a new database): nothing to install, unless a run cut short
    // left its schema behind.
    if (rows.length === 0 && schema !== PREWARM_SCHEMA) return { indexes };
    if (!schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${PREWARM_SCHEMA}`);
      await client.query(`CREATE EXTENSION pageinspect SCHEMA ${PREWARM_SCHEMA}`);
      schema = PREWARM_SCHEMA;
    }
    const getRawPage = `${client.escapeIdentifier(schema)}.get_raw_page`;
    try {
      let budget = Number(rows[0]?.budget ?? 0);
      for (const row of rows) {
        const pages = Math.min(Number(row.pages), budget);
        let read = 0;
        try {
          while (read < pages) {
            const last = Math.min(read + PREWARM_BATCH_PAGES, pages) - 1;
            await client.query(`SELECT count(${getRawPage}($1, b)) FROM generate_series($2::bigint, $3::bigint) b`, [row.name, read, last]);
            read = last + 1;
          }
        } catch (error) {
          if (!indexChangedMeanwhile(error)) throw error;
        }
        budget -= read;
        indexes.push({ name: row.name, pages: read });
      }
    } finally {
      if (schema === PREWARM_SCHEMA && !signal?.aborted) await client.query(`DROP SCHEMA ${PREWARM_SCHEMA} CASCADE`);
    }
    return { indexes };
  } catch (error) {
    if (signal?.aborted) return { indexes };
    throw error;
  } finally {
    signal?.removeEventListener("abort", close);
    close();
  }
}

export interface Prewarmer {
  /** The run in progress or the last one (resolves to null if it failed). */
  readonly latest: Promise<PrewarmResult | null>;
  /**
   * Stops the timer, and asks a run in progress to close its connection. It ends when the server lets it: at
   * once, or, behind a transaction another connection holds open, when that ends or the server stops.
   */
  stop(): void;
}

/**
 * Prewarms now and every `intervalMs` (a tick while a run is still going is skipped); failures are reported to
 * `onError` and tried again on the next run.
 */
export function startPrewarming(url: string, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): Prewarmer {
  const stopped = new AbortController();
  let running = false;
  const run = async () => {
    running = true;
    try {
      return await prewarmVectorIndexes(url, stopped.signal);
    } catch (error) {
      options.onError?.(error);
      return null;
    } finally {
      running = false;
    }
  };
  let latest = run();
  const timer = setInterval(() => {
    if (!running) latest = run();
  }, options.intervalMs ?? PREWARM_INTERVAL_MS);
  timer.unref();
  return {
    get latest() {
      return latest;
    },
    stop: () => {
      clearInterval(timer);
      stopped.abort();
    },
  };
}
