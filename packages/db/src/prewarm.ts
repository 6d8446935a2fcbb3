import pg from "pg";

/*
 * Why the embedded server reads its vector indexes into its cache
 * ----------------------------------------------------------------
 * pgvector's IVFFlat scans read the index through a small ring of buffers (a bulk-read strategy): the lists a
 * search reads are not kept in the buffer cache, unless they were there already. On a PostgreSQL server the
 * operating system's cache makes reading them again cheap; on the embedded server every read goes through
 * PGlite's WebAssembly file layer (20–130 µs a page). After a restart, each search at 100,000 chunks read
 * ~1,300 index pages again, every time: 26–34 ms a statement instead of 14–18 (docs/retrieval.md).
 *
 * Reading every page of the index once through pageinspect's `get_raw_page`, which goes through the cache
 * like any ordinary read, puts the pages where the scans find them. This runs when the server starts and every
 * {@link PREWARM_INTERVAL_MS} after (pages evicted meanwhile come back; a rebuilt index is a new relation),
 * through an ordinary connection in batches of {@link PREWARM_BATCH_PAGES} pages, so searches interleave
 * with it. At most half the cache is spent on it: beyond that it would evict what searches read next.
 * B-tree indexes and tables need none of this: their pages stay in the cache once read.
 */

/** Pages read per statement: a search waits for one batch at most (~30 ms on a cold cache). */
export const PREWARM_BATCH_PAGES = 1024;
/** How often the vector indexes are read into the cache again. */
export const PREWARM_INTERVAL_MS = 10 * 60_000;

export interface PrewarmResult {
  /** Each IVFFlat index read, with the pages read into the cache. */
  indexes: { name: string; pages: number }[];
}

/**
 * Reads the IVFFlat indexes' pages into the embedded server's buffer cache, largest share first, within half the
 * cache. Safe to run while indexes are dropped or rebuilt: an index that disappears or shrinks midway is left.
 */
export async function prewarmVectorIndexes(url: string, signal?: AbortSignal): Promise<PrewarmResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pageinspect");
    const { rows } = await client.query<{ name: string; pages: string; budget: string }>(
      `SELECT c.oid::regclass::text AS name,
              pg_relation_size(c.oid) / current_setting('block_size')::int AS pages,
              pg_size_bytes(current_setting('shared_buffers')) / current_setting('block_size')::int / 2 AS budget
         FROM pg_class c JOIN pg_am am ON am.oid = c.relam
        WHERE c.relkind = 'i' AND am.amname = 'ivfflat'
        ORDER BY pages DESC`,
    );
    let budget = Number(rows[0]?.budget ?? 0);
    const indexes: PrewarmResult["indexes"] = [];
    for (const row of rows) {
      if (signal?.aborted) break;
      const pages = Math.min(Number(row.pages), budget);
      let read = 0;
      try {
        while (read < pages && !signal?.aborted) {
          const last = Math.min(read + PREWARM_BATCH_PAGES, pages) - 1;
          await client.query("SELECT count(get_raw_page($1, b)) FROM generate_series($2::bigint, $3::bigint) b", [row.name, read, last]);
          read = last + 1;
        }
      } catch (error) {
        // Dropped, rebuilt smaller or renamed meanwhile (an index refresh): what was read stays read.
        if (!/does not exist|out of range|could not open/i.test((error as Error).message)) throw error;
      }
      budget -= read;
      indexes.push({ name: row.name, pages: read });
    }
    return { indexes };
  } finally {
    await client.end();
  }
}

export interface Prewarmer {
  /** The run in progress or the last one (resolves to null if it failed). */
  readonly latest: Promise<PrewarmResult | null>;
  /** Stops the timer, and a run in progress after its current batch. */
  stop(): Promise<void>;
}

/** Prewarms now and every `intervalMs`; failures are reported to `onError` and retried on the next run. */
export function startPrewarming(url: string, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): Prewarmer {
  const stopped = new AbortController();
  const run = () =>
    prewarmVectorIndexes(url, stopped.signal).catch((error: unknown) => {
      options.onError?.(error);
      return null;
    });
  let latest = run();
  const timer = setInterval(() => {
    latest = latest.then(run);
  }, options.intervalMs ?? PREWARM_INTERVAL_MS);
  timer.unref();
  return {
    get latest() {
      return latest;
    },
    stop: async () => {
      clearInterval(timer);
      stopped.abort();
      await latest;
    },
  };
}
