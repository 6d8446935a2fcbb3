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
import { ingestLimits } from "../../env";
import { CONTROL_CHARACTER, printable } from "../../ingest/normalize";
import { formatBytes } from "../../ingest/types";
import { INGEST_QUEUE } from "../../queue/queue";
import { IngestionRequestError } from "./errors";
import type { ImportInput } from "./job-input";
import { MAX_UPLOAD_FILES, MAX_UPLOAD_TOTAL_BYTES, UPLOAD_SOURCE } from "./limits";
import { UPLOAD_PART_BYTES, writeUploadParts } from "./upload-parts";

export interface EnqueueIngestionInput {
  files: { name: string; bytes: Uint8Array }[];
  /** Group names allowed to read the documents; `[]` or undefined = everyone (new documents). */
  groups?: string[];
  tags?: string[];
  /** Default {@link UPLOAD_SOURCE}. */
  source?: string;
  createdById?: string | null;
  /** Per-file limit (default: LORE_MAX_FILE_MB, 25 MB). */
  maxFileBytes?: number;
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

/**
 * Validates an upload, stores it with a new ingestion job and queues the job. Returns the job's id, whose
 * progress {@link runIngestionJob} updates as the worker goes. The job row comes first, then the files' parts
 * (one statement each), then the queue job: should any step fail, the row is deleted with its parts.
 */
export async function enqueueIngestion(db: PrismaClient, boss: PgBoss, input: EnqueueIngestionInput): Promise<{ jobId: string }> {
  const maxFileBytes = input.maxFileBytes ?? ingestLimits().maxFileBytes;
  if (input.files.length === 0) throw new IngestionRequestError("NO_FILES", "Choose at least one file to import.");
  if (input.files.length > MAX_UPLOAD_FILES) {
    throw new IngestionRequestError(
      "TOO_MANY_FILES",
      `At most ${MAX_UPLOAD_FILES} files per upload: put the others in a .zip or upload them in several batches.`,
    );
  }
  let total = 0;
  for (const file of input.files) {
    // Names are stored with the job (jsonb cannot hold NUL) and shown to people: no control characters.
    if (file.name.trim() === "" || file.name.length > 255 || CONTROL_CHARACTER.test(file.name)) {
      throw new IngestionRequestError(
        "INVALID_NAME",
        `"${printable(file.name.slice(0, 255))}" is not a usable file name: a name needs 1 to 255 characters and no control characters. Rename the file.`,
      );
    }
    total += file.bytes.byteLength;
    if (file.bytes.byteLength > maxFileBytes) {
      throw new IngestionRequestError(
        "TOO_LARGE",
        `"${file.name}" is ${formatBytes(file.bytes.byteLength)}, above the ${formatBytes(maxFileBytes)} limit per file.`,
      );
    }
  }
  if (total > MAX_UPLOAD_TOTAL_BYTES) {
    throw new IngestionRequestError(
      "TOO_LARGE",
      `This upload is ${formatBytes(total)}, above the ${formatBytes(MAX_UPLOAD_TOTAL_BYTES)} limit per upload: send it in several batches.`,
    );
  }
  const groups = input.groups === undefined ? undefined : [...new Set(input.groups.map((g) => g.trim()).filter(Boolean))];
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

  const id = randomUUID();
  const stored: ImportInput = {
    source: input.source ?? UPLOAD_SOURCE,
    ...(groups === undefined ? {} : { groups }),
    ...(input.tags === undefined ? {} : { tags: input.tags }),
    files: input.files.map((f) => ({ name: f.name, size: f.bytes.byteLength })),
  };
  await db.ingestionJob.create({
    data: { id, kind: "import", status: "queued", input: stored, filesTotal: input.files.length, createdById: input.createdById ?? null },
  });
  let written: boolean;
  try {
    written = await writeUploadParts(
      db,
      id,
      input.files.map((f) => f.bytes),
      input.partBytes ?? UPLOAD_PART_BYTES,
    );
  } catch (error) {
    // Its parts go with it. Should this fail too, the caller still gets the first error; the sweep cleans up.
    await db.ingestionJob.deleteMany({ where: { id } }).catch(() => {});
    throw error;
  }
  // Cancelled while its files were being stored: nothing to run.
  if (written) await queueIngestionJob(db, boss, id);
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
