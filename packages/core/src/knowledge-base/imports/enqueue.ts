/**
 * Ingestion as background jobs: an `ingestion_jobs` row (what to do, progress, per-file errors) plus a pg-boss
 * job on the `ingest` queue that carries only the row's id (and uses it as its own id, so sending twice is a
 * no-op).
 *
 * Uploaded bytes are stored in the database with the job (`ingestion_upload_parts`, see ./upload-parts.ts), because
 *   - they are durable exactly as long as the job is: a restarted or replacement worker resumes from them;
 *   - the apps and the worker may run on different machines, which share the database but not a disk;
 *   - nothing can be orphaned for long: parts belong to their job (deleted with it), the job is only sent to
 *     the queue once all its parts are written, and the worker's maintenance fails an upload that never
 *     finished and deletes the parts of jobs that ended.
 * The cost is bounded by the upload limits (./limits.ts), and the bytes are deleted as soon as the job ends
 * (succeeded, failed for good, or canceled); its input keeps the files' names and sizes.
 */
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import { INGEST_QUEUE } from "../../queue/queue";
import { IngestionRequestError } from "./errors";
import { queueJobFiles } from "./job-files";
import type { ImportInput } from "./job-input";
import { UPLOAD_SOURCE, uploadLimits, type UploadLimits } from "./limits";
import { checkUploadUpFront, checkedFiles, type UploadFile } from "./upload-files";
import { UPLOAD_PART_BYTES, writeUploadParts } from "./upload-parts";

export interface EnqueueIngestionInput {
  /**
   * The files, in order, each whole or as its bytes arrive (./upload-files.ts). A list is checked against the
   * limits before anything is stored; files that come one after another (an async iterable: a multipart request
   * read as it arrives) are checked as they come, and the first one past a limit fails the upload.
   */
  files: readonly UploadFile[] | AsyncIterable<UploadFile>;
  /** Group names allowed to read the documents; `[]` or undefined = everyone (new documents). */
  groups?: string[];
  tags?: string[];
  /** Default {@link UPLOAD_SOURCE}. */
  source?: string;
  createdById?: string | null;
  /** Per-file limit (default: LORE_MAX_FILE_MB, 25 MB). */
  maxFileBytes?: number;
  /** Limit of the whole upload (default: MAX_UPLOAD_TOTAL_BYTES, 100 MB; for tests). */
  maxUploadBytes?: number;
  /** Bytes per stored part (default {@link UPLOAD_PART_BYTES}). */
  partBytes?: number;
}

/** Sends the pg-boss job for an `ingestion_jobs` row; its id doubles as the queue job's id. */
async function queueIngestionJob(db: PrismaClient, boss: PgBoss, id: string): Promise<void> {
  let queueJobId: string | null;
  try {
    queueJobId = await boss.send(INGEST_QUEUE, { ingestionJobId: id }, { id });
  } catch (error) {
    await db.ingestionJob.deleteMany({ where: { id } }); // nothing was queued: leave no job that never runs
    throw error;
  }
  await db.ingestionJob.update({ where: { id }, data: { queueJobId: queueJobId ?? id } });
}

/** The distinct, trimmed group names, all of which must exist (UNKNOWN_GROUP names those that do not). */
async function existingGroups(db: PrismaClient, names: string[] | undefined): Promise<string[] | undefined> {
  const groups = names === undefined ? undefined : [...new Set(names.map((g) => g.trim()).filter(Boolean))];
  if (groups && groups.length > 0) {
    const found = await db.group.findMany({ where: { name: { in: groups } }, select: { name: true } });
    const missing = groups.filter((g) => !found.some((f) => f.name === g));
    if (missing.length > 0) {
      throw new IngestionRequestError(
        "UNKNOWN_GROUP",
        `Unknown group${missing.length > 1 ? "s" : ""}: ${missing.map((g) => `"${g}"`).join(", ")}. Nothing was imported.`,
      );
    }
  }
  return groups;
}

const isAsyncIterable = <T>(value: object): value is AsyncIterable<T> => Symbol.asyncIterator in value;

/**
 * Validates an upload, stores it with a new ingestion job and queues the job. Returns the job's id, whose
 * progress {@link runIngestionJob} updates as the worker goes. The job row comes first, then the files' parts
 * (one statement each, written as the bytes arrive), then the files' names and sizes, then the queue job: should
 * any step fail (a streamed file past a limit, too), the row is deleted with its parts.
 */
export async function enqueueIngestion(db: PrismaClient, boss: PgBoss, input: EnqueueIngestionInput): Promise<{ jobId: string }> {
  const defaults = uploadLimits();
  const limits: UploadLimits = {
    ...defaults,
    maxFileBytes: input.maxFileBytes ?? defaults.maxFileBytes,
    maxUploadBytes: input.maxUploadBytes ?? defaults.maxUploadBytes,
  };
  if (!isAsyncIterable(input.files)) checkUploadUpFront(input.files, limits);
  const groups = await existingGroups(db, input.groups);

  const id = randomUUID();
  const stored: Omit<ImportInput, "files"> = {
    source: input.source ?? UPLOAD_SOURCE,
    ...(groups === undefined ? {} : { groups }),
    ...(input.tags === undefined ? {} : { tags: input.tags }),
  };
  await db.ingestionJob.create({
    data: { id, kind: "import", status: "queued", input: { ...stored, files: [] }, filesTotal: 0, createdById: input.createdById ?? null },
  });
  let files: ImportInput["files"] | null;
  try {
    files = await writeUploadParts(db, id, checkedFiles(input.files, limits), input.partBytes ?? UPLOAD_PART_BYTES);
    if (files) {
      await db.ingestionJob.update({ where: { id }, data: { input: { ...stored, files }, filesTotal: files.length } });
      await queueJobFiles(db, id, files);
    }
  } catch (error) {
    // Its parts go with it. Should this fail too, the caller still gets the first error; the sweep cleans up.
    await db.ingestionJob.deleteMany({ where: { id } }).catch(() => {});
    throw error;
  }
  // Cancelled while its files were being stored: nothing to run.
  if (files) await queueIngestionJob(db, boss, id);
  return { jobId: id };
}

/** Queues a re-chunk and re-embed of a document's current version (a new version with the same content). */
export async function enqueueReindex(
  db: PrismaClient,
  boss: PgBoss,
  input: { documentId: string; createdById?: string | null },
): Promise<{ jobId: string }> {
  const doc = await db.document.findUnique({ where: { id: input.documentId }, select: { currentVersionId: true } });
  if (!doc?.currentVersionId) throw new IngestionRequestError("NOT_FOUND", "That document does not exist or has no indexed version yet.");
  const id = randomUUID();
  await db.ingestionJob.create({
    data: {
      id,
      kind: "reindex",
      status: "queued",
      input: { documentId: input.documentId },
      filesTotal: 1,
      createdById: input.createdById ?? null,
    },
  });
  await queueIngestionJob(db, boss, id);
  return { jobId: id };
}
