/** An ingestion job's progress in its row: each file counted once, the end, and the cancelled check. */
import { Prisma, type PrismaClient } from "@lore/db";
import type { IngestErrorJson } from "../../ingest/types";
import { storableErrors } from "./errors";
import { endFileRowSql, failUnfinishedFiles, type FileOutcome } from "./job-files";
import { deleteUploadParts } from "./upload-parts";

export type JobRow = NonNullable<Awaited<ReturnType<PrismaClient["ingestionJob"]["findUnique"]>>>;

export interface FileProgress {
  failed: boolean;
  chunksTotal: number;
  chunksEmbedded: number;
  errors: IngestErrorJson[];
}

/**
 * Adds file `index`'s progress, at most once (guarded by the number of files already counted), and ends its row in
 * `ingestion_job_files` (`row`: the row's ordinal, name and size, ./job-files.ts) in the same statement.
 */
export async function recordFile(
  db: PrismaClient,
  jobId: string,
  index: number,
  p: FileProgress,
  row?: Pick<FileOutcome, "ordinal" | "name" | "size" | "documents">,
): Promise<void> {
  const counted = Prisma.sql`
    UPDATE ingestion_jobs SET
      files_done = files_done + ${p.failed ? 0 : 1},
      files_failed = files_failed + ${p.failed ? 1 : 0},
      chunks_total = chunks_total + ${p.chunksTotal},
      chunks_embedded = chunks_embedded + ${p.chunksEmbedded},
      errors = errors || ${storableErrors(p.errors)}::jsonb,
      files_total = GREATEST(files_total, ${index + 1}),
      updated_at = now()
    WHERE id = ${jobId} AND files_done + files_failed = ${index}
    RETURNING id`;
  if (!row) {
    await db.$executeRaw`${counted}`;
    return;
  }
  await db.$executeRaw`WITH counted AS (${counted}) ${endFileRowSql(jobId, { ...row, ...p })}`;
}

/**
 * Ends a job: final status, any last errors, and its uploaded bytes deleted. `complete`: every file was
 * processed, so the total is exactly the files counted (a .zip counts as the files inside it).
 */
export async function endJob(
  db: PrismaClient,
  jobId: string,
  status: "succeeded" | "failed",
  errors: IngestErrorJson[],
  complete: boolean,
): Promise<void> {
  await db.$executeRaw`
    UPDATE ingestion_jobs SET status = ${status}::run_status, finished_at = now(), updated_at = now(),
      errors = errors || ${storableErrors(errors)}::jsonb,
      files_total = CASE WHEN ${complete} THEN files_done + files_failed ELSE GREATEST(files_total, files_done + files_failed) END
    WHERE id = ${jobId} AND status = 'running'`;
  if (status === "failed") {
    const reason = errors[0]?.message ?? "The import stopped before this file.";
    await failUnfinishedFiles(db, jobId, { code: "NOT_IMPORTED", message: `Not imported: ${reason}` });
  }
  await deleteUploadParts(db, jobId);
}

/** True once the job has been cancelled: a worker checks it between documents and stops. */
export async function isCanceled(db: PrismaClient, jobId: string): Promise<boolean> {
  const row = await db.ingestionJob.findUnique({ where: { id: jobId }, select: { status: true } });
  return row?.status === "canceled";
}

export async function versionCreatedSince(db: PrismaClient, versionId: string, since: Date): Promise<boolean> {
  const v = await db.documentVersion.findUnique({ where: { id: versionId }, select: { createdAt: true } });
  return v !== null && v.createdAt >= since;
}
