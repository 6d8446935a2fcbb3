/**
 * Test helpers for ingestion and its indexes (not used by the product).
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@lore/db";

/**
 * Adds `n` chunks with random `dimensions`-sized vectors (of `model`, by default "synthetic") to one version of a
 * document of their own, which never becomes current: rows the vector index counts and holds, which no search
 * returns. Returns the ids of that document and version.
 */
export async function addSyntheticRows(
  db: PrismaClient,
  n: number,
  dimensions: number,
  model = "synthetic",
): Promise<{ documentId: string; versionId: string }> {
  const documentId = randomUUID();
  const versionId = randomUUID();
  await db.$executeRaw`INSERT INTO documents (id, source, external_id, title, mime_type, content_hash)
    VALUES (${documentId}, 'synthetic', ${documentId}, 'Synthetic rows', 'text/plain', 'h')`;
  await db.$executeRaw`INSERT INTO document_versions (id, document_id, version, content_hash, title, content, byte_size)
    VALUES (${versionId}, ${documentId}, 1, 'h', 'Synthetic rows', '', 0)`;
  await db.$executeRaw`
    INSERT INTO chunks (id, document_id, document_version_id, ordinal, text, token_count, embedding, embedding_model, embedding_dims)
    SELECT gen_random_uuid()::text, ${documentId}, ${versionId}, g, 'synthetic', 1,
           -- (correlated with g, so each row gets its own vector)
           (SELECT array_agg(random() - 0.5) FROM generate_series(1, ${dimensions}) WHERE g > 0)::vector, ${model}, ${dimensions}
    FROM generate_series(1, ${n}) g`;
  return { documentId, versionId };
}
