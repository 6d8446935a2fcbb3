/**
 * The vector indexes' upkeep: one IVFFlat index per embedding size in use, built once there are rows, built
 * again when its rows have doubled or halved or the model changed, dropped when no model of its size is left
 * (what they are and how search reads them: vector-index.ts).
 */
import { Prisma, type PrismaClient } from "@lore/db";
import { readEmbeddingModels } from "../embedding-models/models";
import { buildMemory } from "./build-memory";
import {
  checkDimensions,
  forgetVectorIndexes,
  ivfLists,
  readVectorIndex,
  VECTOR_INDEX_MAX_DIMENSIONS,
  VECTOR_INDEX_MIN_ROWS,
  vectorIndexName,
} from "./vector-index";

/** Whether index `name` (of the current schema) exists, and whether a build left it usable. */
export async function indexState(db: PrismaClient, name: string): Promise<"valid" | "invalid" | "missing"> {
  const [row] = await db.$queryRaw<{ valid: boolean }[]>`
    SELECT ix.indisvalid AS valid FROM pg_class i JOIN pg_index ix ON ix.indexrelid = i.oid
    JOIN pg_namespace ns ON ns.oid = i.relnamespace
    WHERE i.relname = ${name} AND ns.nspname = current_schema()`;
  return row ? (row.valid ? "valid" : "invalid") : "missing";
}

/**
 * How many `dimensions`-sized embeddings there are: the rows the index holds (old versions' chunks included), not
 * those whose vector was cleared (a retired model's, knowledge-base/embedding-models/reembed.ts), which an index skips.
 */
async function countVectorRows(db: PrismaClient, dimensions: number): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM chunks WHERE embedding_dims = ${checkDimensions(dimensions)} AND embedding IS NOT NULL`;
  return Number(row?.n ?? 0);
}

/**
 * Build memory for an IVFFlat index on the embedded server. Its k-means sample is held apart from it (50
 * vectors per list, at least 10,000: 24 MB for 316 lists of 384 dimensions, 75 MB for 1,000); its rows are
 * sorted by list within it, spilling to disk beyond it (100,000 rows of 384 dimensions take ~160 MB). More
 * would only take from PGlite's 2 GB: a 1,000-list build with 512 MB beside a 512 MB cache ran out of memory.
 */
const VECTOR_BUILD_MEMORY_MB = 256;

/**
 * Builds the vector index for `dimensions` with `lists` lists, replacing the one there is. On the embedded
 * server: dropped and built in one transaction (the single session serialises everything anyway), with
 * {@link VECTOR_BUILD_MEMORY_MB} of build memory. On a PostgreSQL server: the new index is built CONCURRENTLY
 * under another name while searches and writes go on with the old one, then swapped in by a short
 * transaction. Returns the seconds it took, or null when another process built it meanwhile or is building
 * it (the worker, the CLI and the maintenance may all decide to at once): on the embedded server the index
 * is read again once the transaction has the session, and `force` aside, one with these lists is kept; on a
 * server one process builds at a time (an advisory lock), and one that finds the lock taken, or `force` aside the
 * index built meanwhile, leaves it. Exported for tests, which need an index on a few rows.
 */
export async function buildVectorIndex(
  db: PrismaClient,
  dimensions: number,
  lists: number,
  options: { force?: boolean } = {},
): Promise<number | null> {
  const name = vectorIndexName(dimensions);
  if (!Number.isInteger(lists) || lists < 1 || lists > 32_768) throw new RangeError(`Bad number of lists: ${lists}`);
  const definition = (indexName: string, concurrently: boolean) =>
    `CREATE INDEX ${concurrently ? "CONCURRENTLY IF NOT EXISTS " : ""}"${indexName}" ON chunks USING ivfflat ((embedding::vector(${dimensions})) vector_cosine_ops) WITH (lists = ${lists}) WHERE embedding_dims = ${dimensions}`;
  const started = performance.now();
  const memory = await buildMemory(db, VECTOR_BUILD_MEMORY_MB);
  let built = true;
  if (memory) {
    await db.$transaction(
      async (tx) => {
        const current = await readVectorIndex(tx, dimensions);
        if (!options.force && current?.valid && current.lists === lists) {
          built = false;
          return;
        }
        // Transaction-local: never a session SET on the embedded server's one shared session.
        await tx.$executeRawUnsafe(`SET LOCAL maintenance_work_mem = '${memory}'`);
        await tx.$executeRawUnsafe(`DROP INDEX IF EXISTS "${name}"`);
        await tx.$executeRawUnsafe(definition(name, false));
      },
      { timeout: 6 * 3_600_000, maxWait: 6 * 3_600_000 },
    );
  } else {
    // One build at a time across processes (the worker, the CLI and the maintenance may all decide to build at
    // once): a transaction-level advisory lock, held by a transaction that stays idle while the build runs on
    // other connections (CREATE INDEX CONCURRENTLY cannot run inside a transaction), and holds no snapshot, so
    // the build does not wait for it. Only on a PostgreSQL server: on the embedded one, the outer client inside
    // a transaction would wait for the transaction's end.
    const lockKey = Prisma.sql`hashtext('lore.vector-index'), hashtext(${name})`;
    const outcome = await db.$transaction(
      async (lock) => {
        if (options.force) {
          // A forced build (after a change of model) waits for one under way, then builds afresh.
          await lock.$queryRaw`SELECT pg_advisory_xact_lock(${lockKey})::text`;
        } else {
          const [row] = await lock.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(${lockKey}) AS ok`;
          if (!row?.ok) return "elsewhere"; // another process is building it
          // Built by another process since this one read it.
          const current = await readVectorIndex(db, dimensions);
          if (current?.valid && current.lists === lists) return "elsewhere";
        }
        // A statement that takes no snapshot: it replaces the lock query's portal, whose snapshot the build
        // would otherwise wait for (a transaction idle after an extended-protocol query keeps it until then).
        // Also names the holder in pg_stat_activity.
        await lock.$executeRawUnsafe(`SET LOCAL application_name = 'lore: vector index build'`);
        const fresh = `${name}_new`;
        // Left by a build that died: an index built CONCURRENTLY survives its failure, invalid, and one that
        // died before its swap leaves it valid. Nobody else builds while the lock is held.
        await db.$executeRawUnsafe(`DROP INDEX IF EXISTS "${fresh}"`);
        await db.$executeRawUnsafe(definition(fresh, true));
        // The swap waits at most this long for searches under way, rather than queueing new ones behind it.
        await db.$transaction([
          db.$executeRawUnsafe(`SET LOCAL lock_timeout = '10s'`),
          db.$executeRawUnsafe(`DROP INDEX IF EXISTS "${name}"`),
          db.$executeRawUnsafe(`ALTER INDEX "${fresh}" RENAME TO "${name}"`),
        ]);
        return "built";
      },
      { timeout: 6 * 3_600_000, maxWait: 60_000 },
    );
    if (outcome === "elsewhere") return null;
  }
  forgetVectorIndexes(db);
  return built ? (performance.now() - started) / 1000 : null;
}

export interface VectorIndexRefresh {
  dimensions: number;
  /**
   * `built` (there was none), `rebuilt` (resized, or forced), `dropped` (too few rows left to be worth one),
   * `kept` (right as it is), `none` (too few rows for one), `unsupported` (too many dimensions for pgvector).
   */
  action: "built" | "rebuilt" | "dropped" | "kept" | "none" | "unsupported";
  /** Rows of this size, when they were counted. */
  rows: number | null;
  /** The index's lists afterwards (null without an index). */
  lists: number | null;
  /** Seconds spent building. */
  seconds: number;
}

export interface RefreshVectorIndexOptions {
  log?: (message: string) => void;
  /** Build afresh even when its size is right: after a change of embedding model its lists came from another model's vectors. */
  force?: boolean;
  /**
   * Rows the caller just added (an import job): when they are few beside the index's size, the count is
   * skipped; the hourly maintenance catches slow growth.
   */
  added?: number;
}

/**
 * Keeps the vector index for `dimensions` the right size for its rows (knowledge-base/search-indexes/vector-index.ts): builds it
 * once there are {@link VECTOR_INDEX_MIN_ROWS} rows, builds it again with √rows lists when the rows have
 * doubled or halved since it was built (its lists, √rows at the time, say how many there were), and drops it
 * when fewer than half of {@link VECTOR_INDEX_MIN_ROWS} remain. Run by the worker at its start, by the hourly
 * maintenance, after each import job, after a bulk import and after a change of embedding model.
 */
export async function refreshVectorIndex(
  db: PrismaClient,
  dimensions: number,
  options: RefreshVectorIndexOptions = {},
): Promise<VectorIndexRefresh> {
  const log = options.log ?? (() => {});
  checkDimensions(dimensions);
  const result = (action: VectorIndexRefresh["action"], rows: number | null, lists: number | null, seconds = 0): VectorIndexRefresh => ({
    dimensions,
    action,
    rows,
    lists,
    seconds,
  });
  if (dimensions > VECTOR_INDEX_MAX_DIMENSIONS) {
    log(
      `no vector index for ${dimensions}-dimensional embeddings (pgvector's IVFFlat takes at most ${VECTOR_INDEX_MAX_DIMENSIONS}): searches scan every chunk`,
    );
    return result("unsupported", null, null);
  }
  const index = await readVectorIndex(db, dimensions);
  if (index?.valid && !options.force && options.added !== undefined && options.added * 4 < index.lists ** 2)
    return result("kept", null, index.lists);
  const rows = await countVectorRows(db, dimensions);
  const name = vectorIndexName(dimensions);
  if (rows < VECTOR_INDEX_MIN_ROWS / 2 || (rows < VECTOR_INDEX_MIN_ROWS && !index?.valid)) {
    if (!index) return result("none", rows, null);
    await db.$executeRawUnsafe(`DROP INDEX IF EXISTS "${name}"`);
    forgetVectorIndexes(db);
    log(`dropped the vector index ${name}: ${rows} rows are scanned exactly as fast`);
    return result("dropped", rows, null);
  }
  const lists = ivfLists(rows);
  const ratio = index ? lists / index.lists : 0;
  if (index?.valid && !options.force && ratio < Math.SQRT2 && ratio > Math.SQRT1_2) return result("kept", rows, index.lists);
  log(`${index ? "rebuilding" : "building"} the vector index ${name} for ${rows} rows (${lists} lists)…`);
  const seconds = await buildVectorIndex(db, dimensions, lists, { force: options.force === true });
  if (seconds === null) {
    log(`vector index ${name}: built or being built by another process`);
    return result("kept", rows, (await readVectorIndex(db, dimensions))?.lists ?? null);
  }
  log(`vector index ${name} built in ${seconds.toFixed(1)} s`);
  return result(index ? "rebuilt" : "built", rows, lists, seconds);
}

/** The default embedder's size, whose rows may exist before any model is recorded. */
const DEFAULT_VECTOR_DIMENSIONS = 384;

/**
 * {@link refreshVectorIndex} for every embedding size search may use: the active and the building model's (the
 * default embedder's before any model is recorded); then {@link dropUnusedVectorIndexes}.
 */
export async function refreshVectorIndexes(
  db: PrismaClient,
  options: Omit<RefreshVectorIndexOptions, "added" | "force"> = {},
): Promise<VectorIndexRefresh[]> {
  const results: VectorIndexRefresh[] = [];
  for (const dimensions of await sizesInUse(db)) results.push(await refreshVectorIndex(db, dimensions, options));
  results.push(...(await dropUnusedVectorIndexes(db, options.log)));
  return results;
}

/**
 * Drops the vector index of every size no embedding model in use has, which no search reads (search uses the
 * active model's rows only): left by a model retired for one of another size, or by a build that was abandoned.
 * The models are read here, not taken from the caller: builds before it can take minutes, in which a switch may
 * have made another size the one in use.
 */
export async function dropUnusedVectorIndexes(db: PrismaClient, log?: (message: string) => void): Promise<VectorIndexRefresh[]> {
  const results: VectorIndexRefresh[] = [];
  const inUse = await sizesInUse(db);
  for (const { name, dimensions } of await vectorIndexes(db)) {
    if (inUse.has(dimensions)) continue;
    // CONCURRENTLY: on a PostgreSQL server, searches and writes are not held up while it goes.
    await db.$executeRawUnsafe(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    forgetVectorIndexes(db);
    log?.(`dropped the vector index ${name}: no embedding model of ${dimensions} dimensions serves search`);
    if (name === vectorIndexName(dimensions)) results.push({ dimensions, action: "dropped", rows: null, lists: null, seconds: 0 });
  }
  return results;
}

/** The embedding sizes search may use: the active and the building model's (the default's before any model is recorded). */
async function sizesInUse(db: PrismaClient): Promise<Set<number>> {
  const { active, building } = await readEmbeddingModels(db);
  return new Set([...(active ? [] : [DEFAULT_VECTOR_DIMENSIONS]), ...[active, building].flatMap((m) => (m ? [m.dimensions] : []))]);
}

/**
 * The vector indexes on chunks in the current schema, with the size each serves (by name: {@link vectorIndexName},
 * or the same with `_new`, the name a build on a PostgreSQL server gives it until the swap).
 */
async function vectorIndexes(db: PrismaClient): Promise<{ name: string; dimensions: number }[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'chunks' AND indexdef ILIKE '%USING ivfflat%'`;
  return rows.flatMap(({ name }) => {
    const digits = /^chunks_embedding_([1-9]\d{0,4})_ivf_idx(?:_new)?$/.exec(name)?.[1];
    return digits !== undefined && Number(digits) <= 16_000 ? [{ name, dimensions: Number(digits) }] : [];
  });
}
