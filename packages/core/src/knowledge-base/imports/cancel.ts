/**
 * Cancelling marks the row `canceled` and cancels the queue job. A worker running it checks the row before each
 * document it starts and stops there: the documents being indexed are finished first (indexing is atomic per
 * document), so documents are either complete or absent, and those already indexed stay.
 */
import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../../audit/record";
import { INGEST_QUEUE } from "../../queue/queue";
import { IngestionRequestError } from "./errors";
import { failUnfinishedFiles } from "./job-files";
import { deleteUploadParts } from "./upload-parts";

/**
 * Cancels a queued or running ingestion job: marks it canceled (a worker running it stops before its next document,
 * see the file comment), drops its uploaded bytes, cancels its queue job so it is never retried, and records who did
 * it. Cancelling a cancelled job again does nothing; a job that already ended is FINISHED.
 */
export async function cancelIngestionJob(
  db: PrismaClient,
  boss: PgBoss,
  jobId: string,
  actor: AuditEntry["actor"],
): Promise<{ id: string; status: "canceled" }> {
  const job = await db.ingestionJob.findUnique({ where: { id: jobId }, select: { kind: true, status: true, queueJobId: true } });
  if (!job) throw new IngestionRequestError("NOT_FOUND", "That ingestion job does not exist.");
  if (job.kind !== "import" && job.kind !== "reindex") {
    // A re-embedding runs on its own queue and follows the embedding settings: it stops when they name the
    // active model again (see knowledge-base/embedding-models/reembed.ts). Marking its row cancelled here would not stop it.
    throw new IngestionRequestError(
      "NOT_CANCELABLE",
      "A re-embedding cannot be cancelled on its own: set the embedding settings (EMBEDDING_*) back to the active model and restart the worker, and it stops.",
    );
  }
  if (job.status === "succeeded" || job.status === "failed") {
    throw new IngestionRequestError("FINISHED", `This job has already ${job.status}: there is nothing left to cancel.`);
  }
  if (job.status !== "canceled") {
    const updated = await db.$executeRaw`
      UPDATE ingestion_jobs SET status = 'canceled'::run_status, finished_at = now(), updated_at = now()
      WHERE id = ${jobId} AND status IN ('queued', 'running')`;
    if (updated === 0) return cancelIngestionJob(db, boss, jobId, actor); // it ended (or was cancelled) meanwhile
    await failUnfinishedFiles(db, jobId, { code: "CANCELED", message: "Not imported: the import was cancelled before this file." });
    await recordAudit(db, {
      actor,
      action: "ingestion_job.canceled",
      targetType: "ingestion_job",
      targetId: jobId,
      data: { kind: job.kind, was: job.status },
    });
  }
  await deleteUploadParts(db, jobId); // also on a repeated cancel: the first may have stopped before it
  // Also when already cancelled: a retry of a request whose queue call failed completes the cancellation.
  await boss.cancel(INGEST_QUEUE, job.queueJobId ?? jobId);
  return { id: jobId, status: "canceled" };
}
