import type { PrismaClient } from "@lore/db";
import { MAX_SHARED_BUFFERS_MB } from "@lore/db/embedded";

/**
 * Memory for one index build on the embedded server: as much as fits beside the buffer cache (up to 1 GB),
 * since the cache and the build share PGlite's memory. Null on a PostgreSQL server, whose own
 * `maintenance_work_mem` applies (its administrator's choice).
 */
export async function buildMemory(db: PrismaClient, capMb = 1024): Promise<string | null> {
  const [row] = await db.$queryRaw<{ embedded: boolean; cache_mb: number }[]>`
    SELECT version() ILIKE '%emscripten%' OR version() ILIKE '%wasm%' AS embedded,
           (SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers')::int AS cache_mb`;
  if (!row?.embedded) return null;
  return `${Math.max(64, Math.min(capMb, MAX_SHARED_BUFFERS_MB - row.cache_mb))}MB`;
}
