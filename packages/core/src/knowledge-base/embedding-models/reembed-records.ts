/** The bookkeeping of re-embedding jobs: their input, how they end, and the clean-up of retired models' chunks. */
import { Prisma, type PrismaClient } from "@lore/db";
import { z } from "zod";

export const REEMBED_JOB_KIND = "reembed";

export const inputSchema = z.object({ from: z.string().min(1), to: z.string().min(1), dimensions: z.number().int().positive() });
export type ReembedInput = z.infer<typeof inputSchema>;

export type Log = (message: string) => void;

export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface JobError {
  code: string;
  file: string;
  message: string;
}

export async function endJobWith(
  db: PrismaClient | Prisma.TransactionClient,
  jobId: string,
  status: "succeeded" | "failed" | "canceled",
  errors: JobError[],
): Promise<void> {
  await db.$executeRaw`
    UPDATE ingestion_jobs SET status = ${status}::run_status, finished_at = now(), updated_at = now(),
      errors = errors || ${JSON.stringify(errors)}::jsonb
    WHERE id = ${jobId} AND status IN ('queued', 'running')`;
}

export const endJob = (db: PrismaClient, jobId: string, status: "succeeded" | "failed" | "canceled", errors: JobError[] = []) =>
  endJobWith(db, jobId, status, errors);

/**
 * Clears out what models that are neither active nor being built (retired, abandoned) left in `chunks`, in
 * batches of 5,000:
 *   - their rows that the active model has a copy of are deleted;
 *   - the rest are superseded versions' (the re-embedding copies current versions only): their only copy, kept
 *     for the citations of old answers, which need their text and heading path but never their vector. The
 *     vector is set to NULL: a retired model's vectors can never serve a search again, and they would keep
 *     their size's vector index alive and counted (knowledge-base/search-indexes/maintenance.ts drops an index no model uses).
 * A current version whose only rows are a retired model's (none should be: see `activeModelChunksComplete`) keeps
 * them whole: they are what a copy for the active model would be made from.
 */
export async function pruneRetiredChunks(db: PrismaClient): Promise<{ deleted: number; stripped: number }> {
  const live = Prisma.sql`(SELECT id FROM embedding_models WHERE state IN ('active', 'building'))`;
  let deleted = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM chunks WHERE id IN (
        SELECT o.id FROM chunks o
        WHERE o.embedding_model NOT IN ${live}
          AND EXISTS (SELECT 1 FROM chunks n JOIN embedding_models m ON m.id = n.embedding_model AND m.state = 'active'
                      WHERE n.document_version_id = o.document_version_id AND n.ordinal = o.ordinal)
        LIMIT 5000)`;
    deleted += n;
    if (n === 0) break;
  }
  let stripped = 0;
  for (;;) {
    const n = await db.$executeRaw`
      UPDATE chunks SET embedding = NULL WHERE id IN (
        SELECT o.id FROM chunks o
        WHERE o.embedding IS NOT NULL AND o.embedding_model NOT IN ${live}
          AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.current_version_id = o.document_version_id)
        LIMIT 5000)`;
    stripped += n;
    if (n === 0) return { deleted, stripped };
  }
}
