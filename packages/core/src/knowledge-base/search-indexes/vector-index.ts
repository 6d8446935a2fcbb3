/**
 * The vector index of chunk embeddings: pgvector IVFFlat (cosine), one partial index per embedding size, and
 * the scan settings search runs it with. Building and upkeep live in knowledge-base/search-indexes/maintenance.ts.
 *
 * Why IVFFlat and not HNSW: on the benchmark's questions and the default hashing embedder, HNSW's recall
 * against an exact scan stalls below the target at scale, because short questions are far from the documents
 * the graph was built from, and a graph dense enough to reach it is slow to build and to search. IVFFlat with
 * lists = √rows and probes ≈ 1.3·√lists reaches the target in the same time, and builds several times faster
 * (docs/benchmarks.md, "The vector index study").
 *
 * What IVFFlat asks in return: its lists are k-means centroids of the rows present when it is built, so it
 * is built once there is data ({@link VECTOR_INDEX_MIN_ROWS}; below that an exact scan takes a few
 * milliseconds), and built again when the rows of its size have doubled or halved since, or after a change
 * of embedding model (see `refreshVectorIndex`). Rows added meanwhile join their nearest list, which keeps
 * results correct; only recall drifts, slowly.
 *
 * The index's lists are read from the catalog (its `lists` storage parameter), so the index describes
 * itself: no bookkeeping table can disagree with it.
 */
import { Prisma, type PrismaClient } from "@lore/db";

/** pgvector's IVFFlat index takes `vector` columns of at most this many dimensions. */
export const VECTOR_INDEX_MAX_DIMENSIONS = 2000;

/**
 * Rows of one embedding size from which an index is worth building: below, an exact scan takes a few
 * milliseconds on the embedded server, and k-means would have little to learn from.
 */
export const VECTOR_INDEX_MIN_ROWS = 1000;

/** The index for `dimensions`-sized embeddings (a partial index: `WHERE embedding_dims = dimensions`). */
export function vectorIndexName(dimensions: number): string {
  return `chunks_embedding_${checkDimensions(dimensions)}_ivf_idx`;
}

/** Interpolated as SQL text (a type modifier cannot be a parameter), so it must be a plain integer. */
export function checkDimensions(dimensions: number): number {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16_000)
    throw new RangeError(`Bad embedding dimensions: ${dimensions}`);
  return dimensions;
}

/** The probes rule's factor: ⌈1.3·√lists⌉ ({@link ivfProbes}). */
const PROBES_FACTOR = 1.3;
/** How far an iterative scan may go: this many times its probes ({@link ivfMaxProbes}). */
const MAX_PROBES_FACTOR = 4;

/** How many lists an index over `rows` rows gets: √rows (at 100,000 rows, 316 lists of ~316 rows). */
export function ivfLists(rows: number): number {
  return Math.max(1, Math.round(Math.sqrt(rows)));
}

/**
 * How many lists a search probes in an index of `lists` lists: ⌈1.3·√lists⌉ (24 of 316 at 100,000 rows;
 * 13 of 100 at 10,000), never all of them. Together with {@link ivfLists} this gave recall@10 of 0.96–0.99
 * from 10,000 to 100,000 chunks, and a query reads about 1.3·rows^¾ vectors instead of all rows.
 */
export function ivfProbes(lists: number): number {
  return Math.max(1, Math.min(lists, Math.ceil(PROBES_FACTOR * Math.sqrt(lists))));
}

/**
 * How many lists an iterative scan may probe in all when too few rows of the first ones pass the access and
 * filter conditions: 4× {@link ivfProbes} (96 of 316 at 100,000 rows). pgvector's own limit is every list, so a
 * caller who may read almost nothing near a question would walk the whole index before the exact scan over
 * what they may read (search.ts) takes over anyway.
 */
export function ivfMaxProbes(lists: number): number {
  return Math.max(1, Math.min(lists, MAX_PROBES_FACTOR * ivfProbes(lists)));
}

export interface VectorIndex {
  name: string;
  lists: number;
  /** False for a build that is still running (CONCURRENTLY) or that died: the planner does not use it. */
  valid: boolean;
}

/** The index for `dimensions`, as the catalog describes it (current schema), or null when there is none. */
export async function readVectorIndex(db: Pick<PrismaClient, "$queryRaw">, dimensions: number): Promise<VectorIndex | null> {
  const name = vectorIndexName(dimensions);
  const [row] = await db.$queryRaw<{ valid: boolean; lists: string | null }[]>`
    SELECT ix.indisvalid AS valid,
           (SELECT option_value FROM pg_options_to_table(i.reloptions) WHERE option_name = 'lists') AS lists
    FROM pg_class i JOIN pg_index ix ON ix.indexrelid = i.oid JOIN pg_namespace ns ON ns.oid = i.relnamespace
    WHERE i.relname = ${name} AND ns.nspname = current_schema()`;
  if (!row) return null;
  // pgvector's default when `lists` is not given.
  return { name, lists: Number(row.lists ?? 100), valid: row.valid };
}

type Tx = Pick<PrismaClient, "$queryRaw">;

/** The IVFFlat scan settings a server's sessions start with (`ALTER DATABASE … SET`, or the embedded server's defaults). */
export interface VectorScanDefaults {
  probes: number;
  iterativeScan: string;
}

const sessionDefaults = new WeakMap<PrismaClient, Promise<VectorScanDefaults>>();

/**
 * Reads the server's IVFFlat defaults once per client. Missing settings (pgvector not yet loaded in the
 * session, and nothing configured) read as pgvector's own defaults: 1 probe, iterative scan off.
 */
export function vectorScanDefaults(db: PrismaClient): Promise<VectorScanDefaults> {
  let defaults = sessionDefaults.get(db);
  if (!defaults) {
    defaults = db.$queryRaw<{ probes: string | null; iterative: string | null }[]>`
      SELECT current_setting('ivfflat.probes', true) AS probes, current_setting('ivfflat.iterative_scan', true) AS iterative`.then(
      ([row]) => ({
        probes: Number(row?.probes || 1),
        iterativeScan: row?.iterative || "off",
      }),
    );
    sessionDefaults.set(db, defaults);
    defaults.catch(() => sessionDefaults.delete(db));
  }
  return defaults;
}

/** Whether a scan needing `probes` can run on the session's defaults, without setting anything. */
export function vectorDefaultsSuffice(defaults: VectorScanDefaults, probes: number): boolean {
  return defaults.iterativeScan === "relaxed_order" && defaults.probes >= probes;
}

/**
 * How long a process trusts what it read of an index's lists, to decide whether the server's defaults suffice
 * (they are used only when they include the iterative scan). An index built or rebuilt by another process is
 * seen within this time; until then searches run on the defaults, which may probe fewer lists than the new
 * index wants (lower recall for up to a minute, never missing results: the iterative scan and the exact
 * fallback see to that). Searches that set their own settings read the index afresh each time.
 */
const INDEX_CACHE_MS = 60_000;

const indexCache = new WeakMap<PrismaClient, Map<number, { at: number; index: Promise<VectorIndex | null> }>>();

/** {@link readVectorIndex}, cached per client for {@link INDEX_CACHE_MS}. */
export function cachedVectorIndex(db: PrismaClient, dimensions: number, now = Date.now()): Promise<VectorIndex | null> {
  let byDims = indexCache.get(db);
  if (!byDims) indexCache.set(db, (byDims = new Map()));
  const cached = byDims.get(dimensions);
  if (cached && now - cached.at < INDEX_CACHE_MS) return cached.index;
  const index = readVectorIndex(db, dimensions);
  byDims.set(dimensions, { at: now, index });
  index.catch(() => byDims.delete(dimensions));
  return index;
}

/** Forgets what this process read of the vector indexes (after it rebuilt one itself). */
export function forgetVectorIndexes(db: PrismaClient): void {
  indexCache.delete(db);
}

/** How long a search's settings transaction may wait for, then take (an index build holds the embedded server's session for ~15 s at 100,000 chunks). */
const SEARCH_WAIT_MS = 120_000;

/**
 * Runs `scan` with the IVFFlat settings the index for `dimensions` wants: {@link ivfProbes} of its lists,
 * pgvector's iterative scan (with selective filters, such as the ACL or tags, a plain scan returns the rows of
 * its probed lists and THEN filters them, possibly leaving a restricted user with nothing; the iterative scan
 * probes more lists until enough rows pass), and at most {@link ivfMaxProbes} lists in all.
 *
 * When the server's defaults include the iterative scan and enough probes for the index as this process last
 * read it (the embedded server's do, up to ~115,000 chunks), or there is no usable index, `scan` runs on `db`
 * as plain statements. Otherwise in a short transaction that sets them locally (set_config(…, true), never on
 * the session other requests share), computed in SQL from the index as the catalog describes it at that
 * moment, so no cache can make them wrong. The transaction waits for its turn as long as an index build may
 * take on the embedded server (whose one session it shares), rather than failing the search.
 */
export async function withVectorScanSettings<T>(db: PrismaClient, dimensions: number, scan: (q: Tx) => Promise<T>): Promise<T> {
  const defaults = await vectorScanDefaults(db);
  if (defaults.iterativeScan === "relaxed_order") {
    const index = await cachedVectorIndex(db, dimensions);
    if (!index?.valid || vectorDefaultsSuffice(defaults, ivfProbes(index.lists))) return scan(db);
  }
  const lists = Prisma.sql`
    SELECT o.option_value::int AS l
    FROM pg_class i JOIN pg_namespace ns ON ns.oid = i.relnamespace CROSS JOIN LATERAL pg_options_to_table(i.reloptions) o
    WHERE i.relname = ${vectorIndexName(dimensions)} AND ns.nspname = current_schema() AND o.option_name = 'lists'`;
  // The same rules as ivfProbes and ivfMaxProbes (same doubles, so the same results); 1 without an index.
  const probes = Prisma.sql`greatest(1, least(l, ceil(${PROBES_FACTOR}::float8 * sqrt(l))::int))`;
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`
        SELECT set_config('ivfflat.probes', COALESCE(max(${probes}), 1)::text, true),
               set_config('ivfflat.max_probes', COALESCE(max(least(l, ${MAX_PROBES_FACTOR}::int * ${probes})), 1)::text, true),
               set_config('ivfflat.iterative_scan', 'relaxed_order', true)
        FROM (${lists}) x`;
      return scan(tx);
    },
    { maxWait: SEARCH_WAIT_MS, timeout: SEARCH_WAIT_MS },
  );
}
