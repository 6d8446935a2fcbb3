/**
 * The search indexes (an IVFFlat vector index per embedding size, the term index's impact-ordered index),
 * their upkeep (sizing the vector index to the rows it holds, VACUUM ANALYZE), and bulk loading.
 *
 * Bulk loading: the search indexes are dropped before a large import and built once after it, instead of being
 * maintained document by document.
 *
 * Why: every chunk inserted with the indexes in place is also inserted into the term index's impact-ordered
 * index and the vector index, which made a large import several times slower than the load alone plus one
 * index build after it (docs/benchmarks.md, "Imports with the indexes in place"). And the vector
 * index must be sized to the rows it will hold anyway (knowledge-base/search-indexes/vector-index.ts): built after the load, it
 * learns its lists from all of them.
 *
 * Which indexes: every vector index on `chunks` (IVFFlat, or HNSW left by an older version) and
 * `chunk_terms_term_impact_idx`. The term index's definition is read from the catalog when it is dropped and
 * replayed as it was; the vector indexes are built afresh for the rows present after the load. While they are
 * gone searches stay correct: the vector retriever scans every chunk and the keyword retriever reads postings
 * through the table's primary key — slower, never wrong.
 *
 * A bulk import that dies before its indexes are rebuilt leaves them missing; {@link ensureSearchIndexes},
 * run when the worker starts and by its hourly maintenance, builds whatever is missing (with
 * CONCURRENTLY, so a PostgreSQL server keeps taking writes).
 */
import type { PrismaClient } from "@lore/db";
import { forgetVectorIndexes, vectorIndexName } from "./vector-index";
import { buildMemory } from "./build-memory";
import { indexState, refreshVectorIndexes } from "./vector-index-upkeep";

/** The tables search reads on every query, in the order VACUUM ANALYZE visits them. */
const SEARCH_TABLES = [
  "chunk_terms",
  "term_stats",
  "chunks",
  "document_versions",
  "documents",
  "document_access",
  "group_memberships",
] as const;

/** VACUUM ANALYZE of the tables search reads (see jobs/maintenance.ts); also run by the benchmark after its load. */
export async function vacuumSearchTables(db: Pick<PrismaClient, "$executeRawUnsafe">): Promise<void> {
  // Fixed table names (no input reaches this string).
  await db.$executeRawUnsafe(`VACUUM (ANALYZE) ${SEARCH_TABLES.join(", ")}`);
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
      AND ((tablename = 'chunks' AND (indexdef ILIKE '%USING ivfflat%' OR indexdef ILIKE '%USING hnsw%')) OR indexname = ${TERM_IMPACT_INDEX})
    ORDER BY indexname`;
  // Names come from the catalog, quoted as identifiers.
  for (const ix of indexes) await db.$executeRawUnsafe(`DROP INDEX IF EXISTS "${ix.name.replaceAll('"', '""')}"`);
  forgetVectorIndexes(db);
  return indexes;
}

export interface RestoredIndexes {
  /** Seconds spent building vector indexes. */
  vectorSeconds: number;
  /** Seconds spent building the term index. */
  termSeconds: number;
}

/**
 * Builds the indexes {@link suspendSearchIndexes} dropped: the vector indexes afresh for the rows now present
 * ({@link refreshVectorIndexes}, which also covers an embedding size that had too few rows for an index
 * before the load), the term index exactly as it was defined (left alone if it exists again meanwhile); then
 * VACUUM ANALYZE of the search tables so the planner sees the new rows. Each build holds its table against
 * writes while it runs (on the embedded server; it is several times faster, and it is what a bulk load is for).
 */
export async function restoreSearchIndexes(db: PrismaClient, indexes: readonly SearchIndexDefinition[]): Promise<RestoredIndexes> {
  const memory = await buildMemory(db);
  const result: RestoredIndexes = { vectorSeconds: 0, termSeconds: 0 };
  // The term index first: a vector build that fails (out of memory) must not leave keyword search without it.
  for (const ix of indexes.filter((i) => !/USING (ivfflat|hnsw)/i.test(i.definition))) {
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
    result.termSeconds += (performance.now() - started) / 1000;
  }
  for (const refreshed of await refreshVectorIndexes(db)) result.vectorSeconds += refreshed.seconds;
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
  log(
    `bulk load: ${indexes.length} search index${indexes.length === 1 ? "" : "es"} dropped; searches scan every chunk until they are rebuilt`,
  );
  let value: T;
  try {
    value = await load();
  } catch (error) {
    await restoreSearchIndexes(db, indexes).catch((restoreError: unknown) =>
      log(
        `could not rebuild the search indexes (the worker's maintenance will): ${restoreError instanceof Error ? restoreError.message : String(restoreError)}`,
      ),
    );
    throw error;
  }
  log("bulk load: rebuilding the search indexes…");
  return { value, restored: await restoreSearchIndexes(db, indexes) };
}

/**
 * Builds any search index that is missing or invalid (the term index), and sizes the vector indexes to their
 * rows ({@link refreshVectorIndexes}: built, rebuilt or dropped). Returns the names of the indexes built.
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
  for (const refreshed of await refreshVectorIndexes(db, { log })) {
    if (refreshed.action === "built" || refreshed.action === "rebuilt") built.push(vectorIndexName(refreshed.dimensions));
  }
  return built;
}
