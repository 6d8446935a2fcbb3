/**
 * The bytes of an import job's uploaded files, stored in `ingestion_upload_parts` in parts of
 * {@link UPLOAD_PART_BYTES}, one statement per part.
 *
 * Why parts: the embedded server is a single Postgres session, so while one statement runs every other query
 * (every search, every page of the apps) waits. One statement per upload made a 100 MB upload hold up the
 * product for seconds; a part of a few megabytes holds it up for a few tens of milliseconds, and other queries
 * run between parts. On a PostgreSQL server it also keeps each message and each value well below the
 * protocol's and bytea's limits.
 *
 * Parts are written as the bytes arrive: a file streamed from a request is stored part by part and never held
 * whole (./upload-files.ts).
 *
 * Lifecycle: the job's row is written first (status `queued`, not yet sent to the queue, its files not yet
 * listed), then its parts, then its files' names and sizes, then the queue job is sent (`enqueueIngestion` in
 * ./enqueue.ts); a failure on the way (a limit passed half-way through a file, a dropped connection) deletes the
 * row, and its parts go with it (ON DELETE CASCADE); a job cancelled while its parts are written stops there, is
 * not sent, and loses its parts. A process that dies half-way leaves a queued row that was never sent, with no
 * files listed or parts missing: {@link sweepUploads} (the worker's maintenance) fails it after
 * {@link INTERRUPTED_UPLOAD_AFTER_MS} and deletes its parts. When a job ends its parts are deleted; should that
 * delete not happen, the sweep does it.
 */
import type { PrismaClient } from "@lore/db";

/**
 * Bytes per stored part: small enough that a query waiting behind a part's write on the embedded server waits
 * little, large enough that an upload takes few statements (docs/benchmarks.md, "Uploads stored in parts").
 */
export const UPLOAD_PART_BYTES = 1024 * 1024;

/**
 * A file's bytes in order, in pieces of any size: whole, or as they arrive. A piece is done with once the next
 * one is asked for, so a producer may fill the same buffer again.
 */
export type ByteChunks = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** A queued job never sent to the queue this long after it was created is an interrupted upload. */
export const INTERRUPTED_UPLOAD_AFTER_MS = 60 * 60 * 1000;

/** The error of a job whose upload never finished (recorded by the sweep below, and by ./reconcile.ts). */
export const UPLOAD_INTERRUPTED_ERROR = Object.freeze({
  code: "UPLOAD_INTERRUPTED",
  file: "",
  message: "The upload was interrupted before it was complete, so nothing was imported; upload the files again.",
});

/** The job's uploaded bytes are incomplete or gone: the job cannot run, and retrying will not help. */
export class UploadMissingError extends Error {
  override readonly name = "UploadMissingError";
  constructor(readonly file: string) {
    super(`The uploaded file "${file}" of this job is incomplete or gone; upload it again.`);
  }
}

/**
 * Stores one file's bytes for job `jobId` as they come, in parts of `partBytes`, one statement per part, and
 * returns its size. A piece holding a whole part at a part's start is stored as it is (a view, no copy); smaller
 * pieces are gathered into one part-sized buffer, reused from part to part. At most one part is held.
 */
export async function writeUploadedFile(
  db: PrismaClient,
  jobId: string,
  fileIndex: number,
  chunks: ByteChunks,
  partBytes = UPLOAD_PART_BYTES,
): Promise<number> {
  if (!Number.isInteger(partBytes) || partBytes < 1) throw new RangeError(`Bad upload part size: ${partBytes}`);
  let partIndex = 0;
  let size = 0;
  // createMany: returns a count, where create would send the part back. The statement has ended when it
  // returns, so the gathering buffer may be filled again.
  const store = async (bytes: Uint8Array) => {
    // Prisma types bytes as backed by an ArrayBuffer; a view of a SharedArrayBuffer is sent the same way.
    await db.ingestionUploadPart.createMany({ data: [{ jobId, fileIndex, partIndex, bytes: bytes as Uint8Array<ArrayBuffer> }] });
    partIndex += 1;
  };
  let gathered: Uint8Array | undefined;
  let filled = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (filled === 0 && chunk.byteLength - offset >= partBytes) {
        await store(chunk.subarray(offset, offset + partBytes));
        offset += partBytes;
        continue;
      }
      gathered ??= new Uint8Array(partBytes);
      const taken = Math.min(partBytes - filled, chunk.byteLength - offset);
      gathered.set(chunk.subarray(offset, offset + taken), filled);
      filled += taken;
      offset += taken;
      if (filled === partBytes) {
        await store(gathered);
        filled = 0;
      }
    }
  }
  if (filled > 0) await store(gathered!.subarray(0, filled));
  return size;
}

/**
 * Stores `files` in order (file i's parts have file_index i) for job `jobId`, while the job is still queued, and
 * returns their names and sizes. Returns null when the job stopped being queued meanwhile (it was cancelled):
 * writing stops, and what was written is deleted. Whatever `files` throws (a limit passed) is thrown on; the
 * caller deletes the job, and its parts with it.
 */
export async function writeUploadParts(
  db: PrismaClient,
  jobId: string,
  files: Iterable<{ name: string; chunks: ByteChunks }> | AsyncIterable<{ name: string; chunks: ByteChunks }>,
  partBytes = UPLOAD_PART_BYTES,
): Promise<{ name: string; size: number }[] | null> {
  const stillQueued = async () => (await db.ingestionJob.count({ where: { id: jobId, status: "queued" } })) === 1;
  const written: { name: string; size: number }[] = [];
  for await (const file of files) {
    if (!(await stillQueued())) {
      await deleteUploadParts(db, jobId);
      return null;
    }
    written.push({ name: file.name, size: await writeUploadedFile(db, jobId, written.length, file.chunks, partBytes) });
  }
  if (await stillQueued()) return written;
  await deleteUploadParts(db, jobId);
  return null;
}

/**
 * Checks, without reading them, that the stored parts of every file of job `jobId` are whole: numbered from 0
 * without a gap and `size` bytes in all (an empty file has no part). Throws {@link UploadMissingError} naming
 * the first file that is not. One statement; the sizes come from the values' headers, not their bytes.
 */
export async function checkUploadedFiles(db: PrismaClient, jobId: string, files: readonly { name: string; size: number }[]): Promise<void> {
  const stored = await db.$queryRaw<{ file_index: number; parts: number; last: number; bytes: bigint }[]>`
    SELECT file_index, count(*)::int AS parts, max(part_index) AS last, sum(octet_length(bytes))::bigint AS bytes
    FROM ingestion_upload_parts WHERE job_id = ${jobId} GROUP BY file_index`;
  const byFile = new Map(stored.map((r) => [r.file_index, r]));
  for (const [index, file] of files.entries()) {
    const row = byFile.get(index);
    const whole = row ? row.parts === row.last + 1 && Number(row.bytes) === file.size : file.size === 0;
    if (!whole) throw new UploadMissingError(file.name);
  }
}

/**
 * Reads back file `fileIndex` of job `jobId`, one part per statement, and checks it is whole: parts numbered
 * from 0 without a gap, `size` bytes in all. Throws {@link UploadMissingError} (naming `name`) otherwise.
 */
export async function readUploadedFile(
  db: PrismaClient,
  jobId: string,
  file: { index: number; name: string; size: number },
): Promise<Uint8Array> {
  const parts = await db.ingestionUploadPart.findMany({
    where: { jobId, fileIndex: file.index },
    select: { partIndex: true },
    orderBy: { partIndex: "asc" },
  });
  if (parts.some((p, i) => p.partIndex !== i)) throw new UploadMissingError(file.name);
  const out = new Uint8Array(file.size);
  let offset = 0;
  for (const { partIndex } of parts) {
    const row = await db.ingestionUploadPart.findUnique({
      where: { jobId_fileIndex_partIndex: { jobId, fileIndex: file.index, partIndex } },
      select: { bytes: true },
    });
    if (!row || offset + row.bytes.byteLength > file.size) throw new UploadMissingError(file.name);
    out.set(row.bytes, offset);
    offset += row.bytes.byteLength;
  }
  if (offset !== file.size) throw new UploadMissingError(file.name);
  return out;
}

/** Deletes a job's stored parts (the job has ended). */
export async function deleteUploadParts(db: PrismaClient, jobId: string): Promise<void> {
  await db.ingestionUploadPart.deleteMany({ where: { jobId } });
}

export interface UploadSweepResult {
  /** Queued jobs whose upload never finished, now failed. */
  interruptedJobs: number;
  /** Parts deleted: those of the jobs above, and any left by a job that ended. */
  deletedParts: number;
}

/**
 * Fails the import jobs whose upload was interrupted — queued, never sent to the queue, older than
 * {@link INTERRUPTED_UPLOAD_AFTER_MS}, and with no file listed yet (their names and sizes are written once all
 * their bytes are stored) or a file whose stored parts do not add up to its size — and
 * deletes every part that belongs to a job that has ended. A job with all its bytes is left alone even when
 * its queue id was never recorded: it may well be in the queue (./reconcile.ts asks the queue, and ends it
 * when it is not).
 */
export async function sweepUploads(db: PrismaClient, now = new Date()): Promise<UploadSweepResult> {
  const before = new Date(now.getTime() - INTERRUPTED_UPLOAD_AFTER_MS);
  const error = UPLOAD_INTERRUPTED_ERROR;
  const interruptedJobs = await db.$executeRaw`
    UPDATE ingestion_jobs SET status = 'failed'::run_status, finished_at = now(), updated_at = now(),
      errors = errors || ${JSON.stringify([error])}::jsonb
    WHERE kind = 'import' AND status = 'queued' AND queue_job_id IS NULL AND created_at < ${before}
      AND (jsonb_array_length(CASE WHEN jsonb_typeof(input->'files') = 'array' THEN input->'files' ELSE '[]' END) = 0 OR EXISTS (
        SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(input->'files') = 'array' THEN input->'files' ELSE '[]' END)
          WITH ORDINALITY AS f(value, n)
        WHERE (f.value->>'size')::bigint IS DISTINCT FROM (
          SELECT COALESCE(sum(octet_length(p.bytes)), 0) FROM ingestion_upload_parts p
          WHERE p.job_id = ingestion_jobs.id AND p.file_index = f.n - 1)))`;
  const deletedParts = await db.$executeRaw`
    DELETE FROM ingestion_upload_parts p USING ingestion_jobs j
    WHERE p.job_id = j.id AND j.status IN ('succeeded', 'failed', 'canceled')`;
  return { interruptedJobs, deletedParts };
}
