/**
 * Concurrency. A job indexes up to INDEXING_CONCURRENCY documents at once, across files (see
 * ingest/concurrent.ts). The same document cannot come twice in one upload (`parseInputs` reports the second as
 * DUPLICATE_ID); should it ever, the two are indexed one after the other, never at once.
 *
 * Idempotence and resume. Files are taken in a deterministic order (that of `parseInputs`), and once all of a
 * file's documents are done a single guarded UPDATE adds its counters and errors, in file order:
 * `WHERE files_done + files_failed = i`, so file i is counted at most once whatever happens. A retried attempt
 * skips the files already counted. A file interrupted half-way (the worker died after indexing some of its
 * documents, or later files' documents ran ahead of it) is processed again: `indexDocument` is idempotent by
 * content hash, so its finished documents are "unchanged" (no new version, no new chunks) and are still counted
 * as embedded because their version was created after the job started.
 */
import type { PrismaClient } from "@lore/db";
import { ingestLimits } from "../../env";
import { INDEXING_CONCURRENCY, TaskSlots } from "../../ingest/concurrent";
import { parseInputs } from "../../ingest/parse-file";
import { indexDocument } from "../publish/publish";
import { toErrorJson } from "./errors";
import { importInputSchema } from "./job-input";
import { isCanceled, recordFile, versionCreatedSince, type FileProgress, type JobRow } from "./progress";
import type { RunIngestionOptions } from "./job-input";
import { checkUploadedFiles, readUploadedFile } from "./upload-parts";
import { UploadRows } from "./upload-rows";

export async function runImport(db: PrismaClient, job: JobRow, startedAt: Date, options: RunIngestionOptions): Promise<void> {
  const input = importInputSchema.parse(job.input);
  const alreadyCounted = job.filesDone + job.filesFailed;
  // Every file's bytes are checked to be all there before anything is imported (a job missing a file imports
  // nothing), then read one file at a time, as the import reaches it: the job holds one file, not the upload.
  await checkUploadedFiles(db, job.id, input.files);
  // Which upload each result comes from: the expansion reads an upload's bytes when it reaches it and yields all
  // of its files before reading the next, so a result belongs to the upload read last (see ./job-files.ts).
  const rows = new UploadRows(db, job.id, input.files);
  const uploads = input.files.map((f, index) => ({
    name: f.name,
    read: async () => {
      await rows.reading(index);
      return readUploadedFile(db, job.id, { index, ...f });
    },
  }));

  // Documents are indexed a few at a time (across files), each file is recorded once all its documents are done,
  // in file order (the guarded update needs it). The first error that is not a file's fault stops everything:
  // nothing new starts, what runs finishes, the files before the one it hit are recorded, and that file and
  // the ones after it are left to the retry.
  const slots = new TaskSlots(options.concurrency ?? INDEXING_CONCURRENCY);
  let failure: { error: unknown } | undefined;
  let unrecorded = false;
  let recording: Promise<void> = Promise.resolve();
  let canceled = false;
  let index = -1;
  let processed = 0;
  try {
    // The configured limits also apply inside the job: a zip entry above the per-file limit is that entry's error.
    for await (const result of parseInputs(uploads, ingestLimits())) {
      index += 1;
      const row = rows.rowOf(result.file);
      if (index < alreadyCounted) continue; // counted by an earlier attempt
      const uploadIndex = rows.uploadIndex;
      recording = recording
        .then(() => rows.endArchivesBefore(uploadIndex))
        .catch((error: unknown) => {
          failure ??= { error };
          unrecorded = true;
        });
      if (failure) break;
      if (await isCanceled(db, job.id)) {
        canceled = true;
        break;
      }
      const progress: FileProgress = { failed: false, chunksTotal: 0, chunksEmbedded: 0, errors: result.errors.map((e) => e.toJSON()) };
      let indexed = 0;
      if (result.documents.length > 0) await rows.embedding(row, result.documents.length);
      // A document of this file was not indexed for a reason that is not the file's (the job failed meanwhile).
      let unfinished = false;
      const tasks: Promise<void>[] = [];
      for (const [i, doc] of result.documents.entries()) {
        await slots.free();
        if (failure) {
          unfinished = true;
          break;
        }
        if (i > 0 && (await isCanceled(db, job.id))) {
          canceled = true;
          break;
        }
        const task = async () => {
          if (failure) {
            unfinished = true; // it waited behind the same document while the job failed
            return;
          }
          const r = await indexDocument(
            db,
            { source: input.source, doc, groups: input.groups, tags: input.tags, createdById: job.createdById },
            { embedder: options.embedder, ...(options.log ? { log: options.log } : {}) },
          );
          indexed += 1;
          progress.chunksTotal += r.chunks;
          await rows.embedded(row, r.chunks);
          if (r.status !== "unchanged" || (await versionCreatedSince(db, r.versionId, startedAt))) progress.chunksEmbedded += r.chunks;
        };
        tasks.push(
          slots.run(doc.externalId, task).catch((error: unknown) => {
            const json = toErrorJson(error, result.file, doc.externalId);
            if (json) {
              progress.errors.push(json);
              return;
            }
            failure ??= { error }; // not the file's fault: let the queue retry the job
            unfinished = true;
          }),
        );
      }
      const fileIndex = index;
      const file = result.file;
      const total = result.documents.length;
      const stoppedInside = canceled;
      recording = recording
        .then(() => Promise.all(tasks))
        .then(async () => {
          // Unfinished (or after an unfinished one): not counted; a retry processes it again.
          if (unfinished || unrecorded) {
            unrecorded = true;
            return;
          }
          if (stoppedInside) {
            // Stopped inside a file: what it already indexed is counted, and the rest is said to be missing.
            if (indexed === 0) return;
            const message = `Canceled after ${indexed} of ${total} documents of "${file}"; the others were not imported.`;
            await recordFile(
              db,
              job.id,
              fileIndex,
              { ...progress, errors: [...progress.errors, { code: "CANCELED", file, message }] },
              { ...row, documents: indexed },
            );
            return;
          }
          progress.failed = indexed === 0 && progress.errors.length > 0;
          await recordFile(db, job.id, fileIndex, progress, { ...row, documents: indexed });
          processed += 1;
        })
        .catch((error: unknown) => {
          failure ??= { error };
          unrecorded = true;
        });
      if (canceled) break;
    }
  } finally {
    // Never leave while documents are still being written: a retry must not race them.
    await slots.idle();
    await recording;
  }
  // Every archive read to its end is done (its entries' rows say how each went).
  if (!failure && !canceled) await rows.endArchivesBefore(Number.POSITIVE_INFINITY);
  if (failure) throw failure.error;
  if (canceled) options.log?.(`ingest ${job.id}: canceled after ${processed} file(s)`);
  else options.log?.(`ingest ${job.id}: processed ${processed} file(s), ${alreadyCounted} already done by an earlier attempt`);
}
