import type { TRPCRouterRecord } from "@trpc/server";
import { dismissFeedback, getFeedbackItem, listFeedback } from "@lore/core/conversations";
import { adminProcedure } from "../trpc";
import { feedbackIdInput, listFeedbackInput } from "../schemas";

/**
 * The feedback inbox: rated answers, thumbs-down first; dismiss, or turn into an example (`admin.examples.create`
 * with `feedbackId`) (issue 26).
 */
export const feedbackInboxRouter = {
  /** One status (default new), thumbs-down first, then the newest; the question and the answer's start. */
  list: adminProcedure.input(listFeedbackInput).query(({ ctx, input }) => listFeedback(ctx.db, input)),

  /** The whole exchange with its citations; reading an employee's conversation is audited (feedback.read). */
  get: adminProcedure.input(feedbackIdInput).query(({ ctx, input }) => getFeedbackItem(ctx.db, input.id, { actor: ctx.user, ip: ctx.ip })),

  /** Audited; feedback already turned into an example is CONFLICT. */
  dismiss: adminProcedure.input(feedbackIdInput).mutation(({ ctx, input }) => dismissFeedback(ctx.db, input.id, ctx.user)),
} satisfies TRPCRouterRecord;
