import type { PrismaClient } from "@lore/db";
import { failureSummary } from "../../errors/database";
import { readEmbeddingModels } from "../embedding-models/models";
import { refreshVectorIndex } from "../search-indexes/vector-index-upkeep";
import { endJob, isCanceled } from "./progress";
import { runImport } from "./run-import";
import { runReindex } from "./run-reindex";
import type { RunIngestionOptions } from "./job-input";
import { UploadMissingError } from "./upload-parts";

export type { RunIngestionOptions };

export type RunIngestionResult = { status: "succeeded" | "failed" | "skipped" | "canceled" };

/**
 * Runs (or resumes) one ingestion job. Per-file problems are recorded in the job and never thrown; anything
 * else (the embedder is down, the database went away) is thrown so the queue retries the job later, and on
 * the final attempt also marks the job failed.
 */
export async function runIngestionJob(db: PrismaClient, jobId: string, options: RunIngestionOptions): Promise<RunIngestionResult> {
  const job = await db.ingestionJob.findUnique({ where: { id: jobId } });
  if (!job || job.status === "succeeded" || job.status === "failed" || job.status === "canceled") return { status: "skipped" };
  const startedAt = job.startedAt ?? new Date();
  // Guarded: a job cancelled since it was read stays cancelled.
  const started = await db.ingestionJob.updateMany({
    where: { id: jobId, status: { in: ["queued", "running"] } },
    data: { status: "running", startedAt },
  });
  if (started.count === 0) return { status: "skipped" };
  try {
    if (job.kind === "reindex") await runReindex(db, job, startedAt, options);
    else await runImport(db, job, startedAt, options);
  } catch (error) {
    if (error instanceof UploadMissingError) {
      // Cancelled while the files were read (the cancel deletes them): it stays cancelled.
      if (await isCanceled(db, jobId)) return { status: "canceled" };
      // Retrying cannot bring the bytes back: fail now, with what to do.
      await endJob(db, jobId, "failed", [{ code: "UPLOAD_MISSING", file: error.file, message: error.message }], false);
      options.log?.(`ingest ${jobId}: failed: ${error.message}`);
      return { status: "failed" };
    }
    if (options.final) {
      await endJob(db, jobId, "failed", [{ code: "JOB_FAILED", file: "", message: `The import stopped: ${failureSummary(error)}` }], false);
      options.log?.(`ingest ${jobId}: failed for good: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw error;
  }
  const done = await db.ingestionJob.findUniqueOrThrow({
    where: { id: jobId },
    select: { filesDone: true, filesFailed: true, status: true, chunksEmbedded: true },
  });
  if (done.status === "canceled") {
    options.log?.(`ingest ${jobId}: canceled (${done.filesDone} done, ${done.filesFailed} failed)`);
    return { status: "canceled" };
  }
  const status = done.filesDone === 0 && done.filesFailed > 0 ? "failed" : "succeeded";
  await endJob(db, jobId, status, [], true);
  options.log?.(`ingest ${jobId}: ${status} (${done.filesDone} done, ${done.filesFailed} failed)`);
  if (done.chunksEmbedded > 0) {
    // A large import (the first, above all) can leave the vector index missing or too small for its rows:
    // size it now rather than at the next hourly maintenance. Its failure is not the job's: searches stay
    // correct without it, and the maintenance tries again. The active model's size: the job's embedder may have
    // been resolved before a re-embedding switched to another.
    const sizeIndex = async () => {
      const { active } = await readEmbeddingModels(db);
      await refreshVectorIndex(db, active?.dimensions ?? options.embedder.dimensions, {
        added: done.chunksEmbedded,
        ...(options.log ? { log: options.log } : {}),
      });
    };
    await sizeIndex().catch((error: unknown) =>
      options.log?.(`ingest ${jobId}: could not size the vector index: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  return { status };
}
