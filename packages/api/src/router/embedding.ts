import type { TRPCRouterRecord } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { isEmbeddingError } from "@lore/core/embed";
import { getJobQueue } from "@lore/core/queue";
import { getEmbeddingStatus, startReembedding } from "@lore/core/knowledge-base";
import { adminProcedure } from "../trpc";

export const embeddingRouter = {
  /** The active model (serves search), the configured one, and the progress of a re-embedding under way. */
  status: adminProcedure.query(({ ctx }) => getEmbeddingStatus(ctx.db)),

  /**
   * Starts re-embedding every document with the configured model when it is not the active one; idempotent
   * (returns the job already under way). Follow it with `status` or `documents.jobs.get`.
   */
  reembed: adminProcedure.mutation(async ({ ctx }) => {
    try {
      return await startReembedding(ctx.db, { queue: () => getJobQueue(ctx.db), actor: { id: ctx.user.id, email: ctx.user.email } });
    } catch (error) {
      // Settings that cannot build a model: the message says which and what to do (never a key).
      if (isEmbeddingError(error, "CONFIG")) throw new TRPCError({ code: "PRECONDITION_FAILED", message: error.message, cause: error });
      throw error;
    }
  }),
} satisfies TRPCRouterRecord;
