import type { TRPCRouterRecord } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import {
  DocumentError,
  getDocument,
  getIngestionJob,
  listChunks,
  listDocuments,
  listIngestionJobs,
  listVersions,
  removeDocument,
  setDocumentAccess,
  viewDocument,
} from "@lore/core/knowledge-base";
import { IngestionRequestError, cancelIngestionJob, enqueueIngestion, enqueueReindex, uploadLimits } from "@lore/core/knowledge-base";
import { getJobQueue } from "@lore/core/queue";
import { adminProcedure, protectedProcedure } from "../trpc";
import {
  documentIdInput,
  jobIdInput,
  listChunksInput,
  listDocumentsInput,
  listVersionsInput,
  listJobsInput,
  setDocumentAccessInput,
  uploadDocumentsInput,
} from "../schemas";

/** Uploads are checked against the configured limits (LORE_MAX_FILE_MB) before anything is stored. */
const uploadInput = uploadDocumentsInput(uploadLimits());

/** The core's typed errors as tRPC errors; anything else stays an internal error. */
function toTRPCError(error: unknown): never {
  if (error instanceof DocumentError || error instanceof IngestionRequestError) {
    const code =
      error.code === "NOT_FOUND" ? "NOT_FOUND" : error.code === "TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : error.code === "FINISHED" ? "CONFLICT" : "BAD_REQUEST";
    throw new TRPCError({ code, message: error.message, cause: error });
  }
  throw error;
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    toTRPCError(error);
  }
}

const jobsRouter = {
  /** Progress of one ingestion job (files done, chunks embedded, per-file errors). */
  get: adminProcedure.input(jobIdInput).query(({ ctx, input }) => call(() => getIngestionJob(ctx.db, input.id))),
  list: adminProcedure.input(listJobsInput).query(({ ctx, input }) => call(() => listIngestionJobs(ctx.db, input))),
  /**
   * Stops a queued or running job (audited). Documents it already indexed stay; the one being indexed is finished
   * first, so none is left half-done. Returns the job as `get` does; a job that already ended is CONFLICT.
   */
  cancel: adminProcedure.input(jobIdInput).mutation(({ ctx, input }) =>
    call(async () => {
      await cancelIngestionJob(ctx.db, await getJobQueue(ctx.db), input.id, ctx.user);
      return getIngestionJob(ctx.db, input.id);
    }),
  ),
} satisfies TRPCRouterRecord;

export const documentsRouter = {
  /** Queues an import of uploaded files (base64); returns the ingestion job to follow with `jobs.get`. */
  upload: adminProcedure.input(uploadInput).mutation(({ ctx, input }) =>
    call(async () =>
      enqueueIngestion(ctx.db, await getJobQueue(ctx.db), {
        files: input.files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.data, "base64")) })),
        ...(input.groups === undefined ? {} : { groups: input.groups }),
        ...(input.tags === undefined ? {} : { tags: input.tags }),
        createdById: ctx.user.id,
      }),
    ),
  ),

  list: adminProcedure.input(listDocumentsInput).query(({ ctx, input }) => call(() => listDocuments(ctx.db, input))),
  get: adminProcedure.input(documentIdInput).query(({ ctx, input }) => call(() => getDocument(ctx.db, input.id))),
  versions: adminProcedure.input(listVersionsInput).query(({ ctx, input }) => call(() => listVersions(ctx.db, { documentId: input.id, limit: input.limit, beforeVersion: input.beforeVersion }))),
  chunks: adminProcedure.input(listChunksInput).query(({ ctx, input }) => call(() => listChunks(ctx.db, input))),

  delete: adminProcedure.input(documentIdInput).mutation(({ ctx, input }) => call(() => removeDocument(ctx.db, input.id, ctx.user))),

  /** Queues a re-chunk and re-embed of the document's current content. */
  reindex: adminProcedure.input(documentIdInput).mutation(({ ctx, input }) =>
    call(async () => enqueueReindex(ctx.db, await getJobQueue(ctx.db), { documentId: input.id, createdById: ctx.user.id })),
  ),

  /** Sets who may read the document (groups) and/or its tags; audited. */
  setAccess: adminProcedure.input(setDocumentAccessInput).mutation(({ ctx, input }) =>
    call(() => setDocumentAccess(ctx.db, input, ctx.user)),
  ),

  /**
   * A document's current content for the signed-in reader — under the same access rule as search. A document
   * they may not read is NOT_FOUND, exactly like one that does not exist.
   */
  view: protectedProcedure.input(documentIdInput).query(({ ctx, input }) => call(() => viewDocument(ctx.db, { id: input.id, userId: ctx.user.id }))),

  jobs: jobsRouter,
} satisfies TRPCRouterRecord;
