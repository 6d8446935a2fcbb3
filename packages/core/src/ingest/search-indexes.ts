/**
 * The search indexes (HNSW per embedding size, the term index's impact-ordered index), their upkeep (VACUUM
 * ANALYZE), and bulk loading.
 *
 * Bulk loading: the search indexes are dropped before a large import and built once after it, instead of being
 * maintained document by document.
 *
 * Why: every chunk inserted with the indexes in place is also inserted into the HNSW graph (a graph search per
 * chunk) and into the term index's impact-ordered index (~50 postings per chunk). On the embedded server that
 * makes an import of synthetic wiki text run at ~108 chunks/s at 20,000 chunks (and falling as the graph
 * grows), against ~360–420 chunks/s for the load alone plus one index build after it: at 20,000 chunks
 * about 77 s in all instead of 185 s (docs/retrieval.md).
 *
 * Which indexes: every HNSW index on `chunks` (one per embedding size) and `chunk_terms_term_impact_idx`. Their
 * definitions are read from the catalog when they are dropped and replayed as they were. While they are gone
 * searches stay correct: the vector retriever scans every chunk and the keyword retriever reads postings
 * through the table's primary key — slower, never wrong.
 *
 * A bulk import that dies before its indexes are rebuilt leaves them missing; {@link ensureSearchIndexes},
 * run when the worker starts and by its hourly maintenance, builds whatever is missing (with
 * CONCURRENTLY, so a PostgreSQL server keeps taking writes).
 */
import type { PrismaClient } from "@lore/db";
import { MAX_SHARED_BUFFERS_MB } from "@lore/db/embedded";
import { readEmbeddingModels } from "../embed/models";

/** The tables search reads on every query, in the order VACUUM ANALYZE visits them. */
const SEARCH_TABLES = ["chunk_terms", "term_stats", "chunks", "document_versions", "documents", "document_access", "group_memberships"] as const;

/** VACUUM ANALYZE of the tables search reads (see jobs/maintenance.ts); also run by the benchmark after its load. */
export async function vacuumSearchTables(db: Pick<PrismaClient, "$executeRawUnsafe">): Promise<void> {
  // Fixed table names (no input reaches this string).
  await db.$executeRawUnsafe(`VACUUM (ANALYZE) ${SEARCH_TABLES.join(", ")}`);
}

/** Whether index `name` (of the current schema) exists, and whether a build left it usable. */
async function indexState(db: PrismaClient, name: string): Promise<"valid" | "invalid" | "missing"> {
  const [row] = await db.$queryRaw<{ valid: boolean }[]>`
    SELECT ix.indisvalid AS valid FROM pg_class i JOIN pg_index ix ON ix.indexrelid = i.oid
    JOIN pg_namespace ns ON ns.oid = i.relnamespace
    WHERE i.relname = ${name} AND ns.nspname = current_schema()`;
  return row ? (row.valid ? "valid" : "invalid") : "missing";
}

const vectorIndexName = (dimensions: number) => `chunks_embedding_${dimensions}_hnsw_idx`;

/** pgvector's HNSW index takes `vector` columns of at most this many dimensions. */
export const HNSW_MAX_DIMENSIONS = 2000;

/**
 * Makes sure a partial HNSW index serves `dimensions`-sized vectors (the init migration made the one for
 * 384): same shape as that one, so search's `WHERE embedding_dims = N … ORDER BY embedding::vector(N) <=> …`
 * uses it. Built CONCURRENTLY, so writers are not blocked on a real server; called before a new model's chunks
 * are written, so the build itself is instant and the inserts maintain the index as they go (the embedded
 * server, a single session, is never stalled by a long build). Above 2,000 dimensions pgvector has no HNSW
 * for `vector`: searches are exact scans (correct, slower). Returns whether an index exists afterwards.
 */
export async function ensureVectorIndex(db: PrismaClient, dimensions: number, log: (message: string) => void = () => {}): Promise<boolean> {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16_000) throw new RangeError(`Bad embedding dimensions: ${dimensions}`);
  if (dimensions > HNSW_MAX_DIMENSIONS) {
    log(`no vector index for ${dimensions}-dimensional embeddings (pgvector's HNSW takes at most ${HNSW_MAX_DIMENSIONS}): searches scan every chunk`);
    return false;
  }
  const name = vectorIndexName(dimensions);
  const existing = await indexState(db, name);
  if (existing === "valid") return true;
  // A CONCURRENTLY build that died leaves an invalid index behind: drop it and build again.
  if (existing === "invalid") await db.$executeRawUnsafe(`DROP INDEX IF EXISTS "${name}"`);
  log(`creating the vector index ${name}`);
  await db.$executeRawUnsafe(
    `CREATE INDEX CONCURRENTLY IF NOT EXISTS "${name}" ON chunks USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) WITH (m = 24, ef_construction = 128) WHERE embedding_dims = ${dimensions}`,
  );
  return true;
}

/** The term index's impact-ordered index (prisma/migrations/…_term_index_integer_keys): what keyword search reads. */
export const TERM_IMPACT_INDEX = "chunk_terms_term_impact_idx";
const TERM_IMPACT_INDEX_SQL = `CREATE INDEX CONCURRENTLY IF NOT EXISTS "${TERM_IMPACT_INDEX}" ON "chunk_terms" ("term_id", "impact" DESC) INCLUDE ("version_seq", "ordinal")`;

export interface SearchIndexDefinition {
  name: string;
  /** `CREATE INDEX …` as the catalog prints it (pg_indexes.indexdef). */
  definition: string;
}

/** Drops the search indexes (see the file comment) and returns their definitions, to give to {@link restoreSearchIndexes}. */
export async function suspendSearchIndexes(db: PrismaClient): Promise<SearchIndexDefinition[]> {
  const indexes = await db.$queryRaw<SearchIndexDefinition[]>`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
    WHERE schemaname = current_schema()
      AND ((tablename = 'chunks' AND indexdef ILIKE '%USING hnsw%') OR indexname = ${TERM_IMPACT_INDEX})
    ORDER BY indexname`;
  // Names come from the catalog, quoted as identifiers.
  for (const ix of indexes) await db.$executeRawUnsafe(`DROP INDEX IF EXISTS "${ix.name.replaceAll('"', '""')}"`);
  return indexes;
}

export interface RestoredIndexes {
  /** Seconds spent building HNSW indexes. */
  hnswSeconds: number;
  /** Seconds spent building the term index. */
  termSeconds: number;
}

/**
 * Memory for one index build. On the embedded server: as much as fits beside the buffer cache (up to 1 GB), since
 * the cache and the build share PGlite's memory; an HNSW graph that does not fit is built far more slowly. On a
 * PostgreSQL server: the server's own `maintenance_work_mem` (its administrator's choice).
 */
async function buildMemory(db: PrismaClient): Promise<string | null> {
  const [row] = await db.$queryRaw<{ embedded: boolean; cache_mb: number }[]>`
    SELECT version() ILIKE '%emscripten%' OR version() ILIKE '%wasm%' AS embedded,
           (SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers')::int AS cache_mb`;
  if (!row?.embedded) return null;
  return `${Math.max(64, Math.min(1024, MAX_SHARED_BUFFERS_MB - row.cache_mb))}MB`;
}

/**
 * Builds the indexes {@link suspendSearchIndexes} dropped, HNSW first, each exactly as it was defined (an index
 * that exists again meanwhile is left alone), then VACUUM ANALYZE of the search tables so the planner sees the
 * new rows. Each build holds its table against writes while it runs (one statement, not CONCURRENTLY: it is
 * several times faster, and it is what a bulk load is for).
 */
export async function restoreSearchIndexes(db: PrismaClient, indexes: readonly SearchIndexDefinition[]): Promise<RestoredIndexes> {
  const memory = await buildMemory(db);
  const build = async (ix: SearchIndexDefinition) => {
    const definition = ix.definition.replace(/^CREATE (UNIQUE )?INDEX /i, (m) => `${m}IF NOT EXISTS `);
    const started = performance.now();
    await db.$transaction(
      async (tx) => {
        // Transaction-local: never a session SET on the embedded server's one shared session.
        if (memory) await tx.$executeRawUnsafe(`SET LOCAL maintenance_work_mem = '${memory}'`);
        await tx.$executeRawUnsafe(definition);
      },
      { timeout: 6 * 3_600_000, maxWait: 60_000 },
    );
    return (performance.now() - started) / 1000;
  };
  const result: RestoredIndexes = { hnswSeconds: 0, termSeconds: 0 };
  const isHnsw = (ix: SearchIndexDefinition) => /USING hnsw/i.test(ix.definition);
  for (const ix of indexes.filter(isHnsw)) result.hnswSeconds += await build(ix);
  for (const ix of indexes.filter((i) => !isHnsw(i))) result.termSeconds += await build(ix);
  await vacuumSearchTables(db);
  return result;
}

/**
 * Runs `load` with the search indexes suspended and restores them afterwards, also when `load` fails. A process
 * killed meanwhile leaves them to {@link ensureSearchIndexes}.
 */
export async function withSearchIndexesSuspended<T>(
  db: PrismaClient,
  load: () => Promise<T>,
  log: (message: string) => void = () => {},
): Promise<{ value: T; restored: RestoredIndexes }> {
  const indexes = await suspendSearchIndexes(db);
  log(`bulk load: ${indexes.length} search index${indexes.length === 1 ? "" : "es"} dropped; searches scan every chunk until they are rebuilt`);
  let value: T;
  try {
    value = await load();
  } catch (error) {
    await restoreSearchIndexes(db, indexes).catch((restoreError: unknown) =>
      log(`could not rebuild the search indexes (the worker's maintenance will): ${restoreError instanceof Error ? restoreError.message : String(restoreError)}`),
    );
    throw error;
  }
  log("bulk load: rebuilding the search indexes…");
  return { value, restored: await restoreSearchIndexes(db, indexes) };
}

/** The embedding size whose HNSW index the migrations create (the default embedder's): always kept. */
const SCHEMA_VECTOR_INDEX_DIMENSIONS = 384;

/**
 * Builds any search index that is missing or invalid: the HNSW index of the migrations' size and of every
 * active or building embedding model's size, and the term index. Cheap when nothing is missing (catalog reads
 * only). Returns the names built.
 */
export async function ensureSearchIndexes(db: PrismaClient, log: (message: string) => void = () => {}): Promise<string[]> {
  const built: string[] = [];
  const term = await indexState(db, TERM_IMPACT_INDEX);
  if (term !== "valid") {
    // A CONCURRENTLY build that died leaves an invalid index behind: drop it and build again.
    if (term === "invalid") await db.$executeRawUnsafe(`DROP INDEX IF EXISTS "${TERM_IMPACT_INDEX}"`);
    log(`building the missing search index ${TERM_IMPACT_INDEX}`);
    await db.$executeRawUnsafe(TERM_IMPACT_INDEX_SQL);
    built.push(TERM_IMPACT_INDEX);
  }
  const { active, building } = await readEmbeddingModels(db);
  for (const dimensions of new Set([SCHEMA_VECTOR_INDEX_DIMENSIONS, ...[active, building].flatMap((m) => (m ? [m.dimensions] : []))])) {
    if (dimensions > HNSW_MAX_DIMENSIONS || (await indexState(db, vectorIndexName(dimensions))) === "valid") continue;
    log(`building the missing search index ${vectorIndexName(dimensions)}`);
    if (await ensureVectorIndex(db, dimensions, log)) built.push(vectorIndexName(dimensions));
  }
  return built;
}
