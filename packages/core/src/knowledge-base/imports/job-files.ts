/**
 * Per-file progress of an import job (`ingestion_job_files`), for the admin's upload view: one row per uploaded
 * file, queued when the upload is stored, then parsing → embedding → ready, or failed with the reason in words.
 *
 * Ordinals: an uploaded file's row has its position in the job's `input.files`. A `.zip` export's entries are
 * files of their own, so each gets its own row after the uploaded ones (`files.length + k`, k counting the
 * archives' entries in the deterministic order of the import): a retried job gives every entry the same ordinal.
 *
 * Every write is one upsert that never moves a row back from an end stage, so a retried job, which passes over
 * its files again, cannot undo what an earlier attempt recorded.
 */
import { Prisma, type PrismaClient } from "@lore/db";
import { printable } from "../../ingest/normalize";
import type { IngestErrorJson } from "../../ingest/types";

export type FileStage = "queued" | "parsing" | "embedding" | "ready" | "failed";

/** The stored length of a name or message (what a person can read in a row). */
const MAX_TEXT = 2000;
const clip = (text: string) => printable(text).slice(0, MAX_TEXT);

/** The uploaded files' rows, all queued, when the upload is stored (before the job is queued). */
export async function queueJobFiles(db: PrismaClient, jobId: string, files: readonly { name: string; size: number }[]): Promise<void> {
  if (files.length === 0) return;
  await db.$executeRaw`
    INSERT INTO ingestion_job_files (job_id, ordinal, name, size_bytes, stage)
    SELECT ${jobId}, f.ordinal - 1, f.name, f.size, 'queued'
    FROM unnest(${files.map((f) => clip(f.name))}::text[], ${files.map((f) => f.size)}::int[]) WITH ORDINALITY AS f(name, size, ordinal)
    ON CONFLICT (job_id, ordinal) DO NOTHING`;
}

/** Moves a file's row to a working stage (parsing or embedding), creating it if needed (a zip entry's). */
export async function markFileStage(
  db: PrismaClient,
  jobId: string,
  file: { ordinal: number; name: string; size: number; documents?: number; chunksTotal?: number },
  stage: "parsing" | "embedding",
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO ingestion_job_files (job_id, ordinal, name, size_bytes, stage, documents, chunks_total)
    VALUES (${jobId}, ${file.ordinal}, ${clip(file.name)}, ${file.size}, ${stage}, ${file.documents ?? 0}, ${file.chunksTotal ?? 0})
    ON CONFLICT (job_id, ordinal) DO UPDATE SET
      stage = EXCLUDED.stage,
      documents = GREATEST(ingestion_job_files.documents, EXCLUDED.documents),
      updated_at = now()
    WHERE ingestion_job_files.stage NOT IN ('ready', 'failed')`;
}

/** Adds embedded chunks to a file's row while it is embedding (its progress bar). */
export async function addEmbeddedChunks(db: PrismaClient, jobId: string, ordinal: number, chunks: number): Promise<void> {
  await db.$executeRaw`
    UPDATE ingestion_job_files SET chunks_total = chunks_total + ${chunks}, chunks_embedded = chunks_embedded + ${chunks}, updated_at = now()
    WHERE job_id = ${jobId} AND ordinal = ${ordinal} AND stage = 'embedding'`;
}

/** What a file's row ends with: ready or failed, its counts, and its errors as one message. */
export interface FileOutcome {
  ordinal: number;
  name: string;
  size: number;
  failed: boolean;
  documents: number;
  chunksTotal: number;
  chunksEmbedded: number;
  errors: IngestErrorJson[];
}

/**
 * The SQL that ends a file's row, run in the same statement as the job's counters (./progress.ts `recordFile`), so
 * a file is counted and shown as done together or not at all. `counted` is the CTE that returned a row when the
 * job's counters were updated.
 */
export function endFileRowSql(jobId: string, outcome: FileOutcome): Prisma.Sql {
  const [first] = outcome.errors;
  // Every reason in words; a ready file may carry some too (a JSONL line it skipped, a duplicate inside a zip).
  const message = outcome.errors.length === 0 ? null : clip(outcome.errors.map((e) => e.message).join(" "));
  return Prisma.sql`
    INSERT INTO ingestion_job_files
      (job_id, ordinal, name, size_bytes, stage, documents, chunks_total, chunks_embedded, error_code, error_message)
    SELECT ${jobId}, ${outcome.ordinal}, ${clip(outcome.name)}, ${outcome.size}, ${outcome.failed ? "failed" : "ready"},
           ${outcome.documents}, ${outcome.chunksTotal}, ${outcome.chunksEmbedded}, ${first?.code ?? null}, ${message}
    FROM counted
    ON CONFLICT (job_id, ordinal) DO UPDATE SET
      stage = EXCLUDED.stage, documents = EXCLUDED.documents, chunks_total = EXCLUDED.chunks_total,
      chunks_embedded = EXCLUDED.chunks_embedded, error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
      updated_at = now()
    WHERE ingestion_job_files.stage NOT IN ('ready', 'failed')`;
}

/** An archive's own row once all of it was read: ready, with the number of entries it held (their rows say the rest). */
export async function endArchiveRow(db: PrismaClient, jobId: string, ordinal: number, entries: number): Promise<void> {
  await db.$executeRaw`
    UPDATE ingestion_job_files SET stage = 'ready', documents = ${entries}, updated_at = now()
    WHERE job_id = ${jobId} AND ordinal = ${ordinal} AND stage NOT IN ('ready', 'failed')`;
}

/**
 * When a job ends without reaching some files (it failed for good, or was cancelled), their rows say so: no row
 * is left "parsing" forever.
 */
export async function failUnfinishedFiles(db: PrismaClient, jobId: string, reason: { code: string; message: string }): Promise<void> {
  await db.$executeRaw`
    UPDATE ingestion_job_files SET stage = 'failed', error_code = ${reason.code}, error_message = ${clip(reason.message)}, updated_at = now()
    WHERE job_id = ${jobId} AND stage NOT IN ('ready', 'failed')`;
}
