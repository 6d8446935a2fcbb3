import type { TRPCRouterRecord } from "@trpc/server";
import { getJobQueue } from "@lore/core/queue";
import { getEmbeddingStatus, startReembedding } from "@lore/core/knowledge-base";
import { adminProcedure } from "../trpc";

export const embeddingRouter = {
  /** The active model (serves search), the configured one, and the progress of a re-embedding under way. */
  status: adminProcedure.query(({ ctx }) => getEmbeddingStatus(ctx.db)),

  /**
   * Starts re-embedding every document with the configured model when it is not the active one; idempotent
   * (returns the job already under way). Follow it with `status` or `documents.jobs.get`. Settings that cannot
   * build a model are an EmbeddingError (PRECONDITION_FAILED): the message says which and what to do (never a key).
   */
  reembed: adminProcedure.mutation(({ ctx }) =>
    startReembedding(ctx.db, { queue: () => getJobQueue(ctx.db), actor: { id: ctx.user.id, email: ctx.user.email } }),
  ),
} satisfies TRPCRouterRecord;
