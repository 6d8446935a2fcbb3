import type { TRPCRouterRecord } from "@trpc/server";
import {
  auditDocumentRead,
  getDocument,
  getIngestionJob,
  listChunks,
  listDocuments,
  listIngestionJobs,
  listVersions,
  listActiveJobs,
  listCitingAnswers,
  listJobFiles,
  diffVersions,
  removeDocument,
  setDocumentAccess,
  viewDocument,
  currentDocumentVersions,
} from "@lore/core/knowledge-base";
import { base64File, cancelIngestionJob, enqueueIngestion, enqueueReindex, uploadLimits } from "@lore/core/knowledge-base";
import { getJobQueue } from "@lore/core/queue";
import { adminProcedure, protectedProcedure } from "../trpc";
import {
  activeJobsInput,
  citingAnswersInput,
  jobFilesInput,
  versionDiffInput,
  currentVersionsInput,
  documentIdInput,
  jobIdInput,
  listChunksInput,
  listDocumentsInput,
  listVersionsInput,
  listJobsInput,
  setDocumentAccessInput,
  uploadDocumentsInput,
  viewDocumentInput,
} from "../schemas";

/** Uploads are checked against the configured limits (LORE_MAX_FILE_MB) before anything is stored. */
const uploadInput = uploadDocumentsInput(uploadLimits());

const jobsRouter = {
  /** Progress of one ingestion job (files done, chunks embedded, per-file errors). */
  get: adminProcedure.input(jobIdInput).query(({ ctx, input }) => getIngestionJob(ctx.db, input.id)),
  list: adminProcedure.input(listJobsInput).query(({ ctx, input }) => listIngestionJobs(ctx.db, input)),
  /** An import job's files, each with its stage (queued → parsing → embedding → ready, or failed and why). */
  files: adminProcedure
    .input(jobFilesInput)
    .query(({ ctx, input }) => listJobFiles(ctx.db, { jobId: input.id, afterOrdinal: input.afterOrdinal, limit: input.limit })),
  /** The imports still running and those of the last day: where things stand for an admin coming back. */
  active: adminProcedure.input(activeJobsInput).query(({ ctx, input }) => listActiveJobs(ctx.db, input)),
  /**
   * Stops a queued or running job (audited). Documents it already indexed stay; the one being indexed is finished
   * first, so none is left half-done. Returns the job as `get` does; a job that already ended is CONFLICT.
   */
  cancel: adminProcedure.input(jobIdInput).mutation(async ({ ctx, input }) => {
    await cancelIngestionJob(ctx.db, await getJobQueue(ctx.db), input.id, ctx.user);
    return getIngestionJob(ctx.db, input.id);
  }),
} satisfies TRPCRouterRecord;

export const documentsRouter = {
  /**
   * Queues an import of uploaded files (base64); returns the ingestion job to follow with `jobs.get`. Each file is
   * decoded as it is stored, a few parts at a time, so the decoded upload is never held whole. The admin console
   * streams its uploads to `POST /api/uploads` (multipart, ../uploads/) instead: a JSON body is held whole.
   */
  upload: adminProcedure.input(uploadInput).mutation(async ({ ctx, input }) =>
    enqueueIngestion(ctx.db, await getJobQueue(ctx.db), {
      files: input.files.map((f) => base64File(f.name, f.data)),
      ...(input.groups === undefined ? {} : { groups: input.groups }),
      ...(input.tags === undefined ? {} : { tags: input.tags }),
      createdById: ctx.user.id,
    }),
  ),

  list: adminProcedure.input(listDocumentsInput).query(({ ctx, input }) => listDocuments(ctx.db, input)),
  get: adminProcedure.input(documentIdInput).query(({ ctx, input }) => getDocument(ctx.db, input.id)),
  /** A document's versions. Reading a restricted document's is audited (who read it), like `chunks`. */
  versions: adminProcedure.input(listVersionsInput).query(async ({ ctx, input }) => {
    const page = await listVersions(ctx.db, { documentId: input.id, limit: input.limit, beforeVersion: input.beforeVersion });
    await auditDocumentRead(ctx.db, { actor: ctx.user, ip: ctx.ip }, { read: "versions", documentId: input.id });
    return page;
  }),
  chunks: adminProcedure.input(listChunksInput).query(async ({ ctx, input }) => {
    const page = await listChunks(ctx.db, input);
    await auditDocumentRead(ctx.db, { actor: ctx.user, ip: ctx.ip }, { read: "chunks", versionId: input.versionId });
    return page;
  }),

  /**
   * What changed from one version to another (a line diff). Reading a version's content is a restricted read,
   * audited like `versions`.
   */
  versionDiff: adminProcedure.input(versionDiffInput).query(async ({ ctx, input }) => {
    const diff = await diffVersions(ctx.db, { documentId: input.id, fromVersionId: input.fromVersionId, toVersionId: input.toVersionId });
    await auditDocumentRead(ctx.db, { actor: ctx.user, ip: ctx.ip }, { read: "versions", documentId: input.id });
    return diff;
  }),
  /** The answers that cited the document, newest first, each to open in the inspector. */
  citingAnswers: adminProcedure
    .input(citingAnswersInput)
    .query(({ ctx, input }) => listCitingAnswers(ctx.db, { documentId: input.id, limit: input.limit, cursor: input.cursor })),

  delete: adminProcedure.input(documentIdInput).mutation(({ ctx, input }) => removeDocument(ctx.db, input.id, ctx.user)),

  /** Queues a re-chunk and re-embed of the document's current content. */
  reindex: adminProcedure
    .input(documentIdInput)
    .mutation(async ({ ctx, input }) =>
      enqueueReindex(ctx.db, await getJobQueue(ctx.db), { documentId: input.id, createdById: ctx.user.id }),
    ),

  /** Sets who may read the document (groups) and/or its tags; audited. */
  setAccess: adminProcedure.input(setDocumentAccessInput).mutation(({ ctx, input }) => setDocumentAccess(ctx.db, input, ctx.user)),

  /**
   * A document's content for the signed-in reader — under the same access rule as search. A document they may
   * not read is NOT_FOUND, exactly like one that does not exist. `versionId` shows a past version (of this
   * document only); `chunkId` locates a cited passage in it (`passage.range`, for highlighting).
   */
  view: protectedProcedure
    .input(viewDocumentInput)
    .query(({ ctx, input }) =>
      viewDocument(ctx.db, { id: input.id, userId: ctx.user.id, versionId: input.versionId ?? null, chunkId: input.chunkId ?? null }),
    ),

  /** The current version of each given document the reader may read (others left out): "updated since this answer". */
  currentVersions: protectedProcedure
    .input(currentVersionsInput)
    .query(({ ctx, input }) => currentDocumentVersions(ctx.db, { ids: input.ids, userId: ctx.user.id })),

  jobs: jobsRouter,
} satisfies TRPCRouterRecord;
