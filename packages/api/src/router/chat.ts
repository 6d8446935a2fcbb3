import type { TRPCRouterRecord } from "@trpc/server";
import { answer } from "@lore/core/answer";
import {
  deleteConversation,
  getConversation,
  listConversations,
  renameConversation,
  requireOwnConversation,
  restoreConversation,
  submitFeedback,
} from "@lore/core/conversations";
import { getActiveEmbedder } from "@lore/core/knowledge-base";
import { chatModelFromEnv } from "@lore/core/llm";
import { protectedProcedure } from "../trpc";
import { chatSendInput, conversationIdInput, feedbackInput, listConversationsInput, renameConversationInput } from "../schemas";

export const chatRouter = {
  /**
   * Answers a question as the signed-in user, streaming the answer's events (sources, text, citations, then the
   * stored message or a typed error). Cancelling the request (the user's stop) aborts the model's request upstream
   * and stores what was written as `stopped`.
   */
  send: protectedProcedure.input(chatSendInput).mutation(async ({ ctx, input, signal }) => {
    // Checked before streaming starts, so a refusal is an ordinary NOT_FOUND rather than an event.
    if (input.conversationId) await requireOwnConversation(ctx.db, ctx.user.id, input.conversationId);
    const embedder = await getActiveEmbedder(ctx.db);
    const deps = { db: ctx.db, embedder, model: chatModelFromEnv() };
    return answer(deps, { question: input.question, userId: ctx.user.id, conversationId: input.conversationId, signal });
  }),
} satisfies TRPCRouterRecord;

export const conversationsRouter = {
  /** The user's own conversations, most recent first, searchable. */
  list: protectedProcedure
    .input(listConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx.db, { userId: ctx.user.id, ...input })),
  /** One of the user's conversations with its messages; anyone else's is NOT_FOUND. */
  get: protectedProcedure
    .input(conversationIdInput)
    .query(({ ctx, input }) => getConversation(ctx.db, { userId: ctx.user.id, id: input.id })),
  rename: protectedProcedure
    .input(renameConversationInput)
    .mutation(({ ctx, input }) => renameConversation(ctx.db, { userId: ctx.user.id, id: input.id, title: input.title })),
  /**
   * Deletes softly: the conversation is archived, invisible everywhere like one that does not exist, restorable
   * with `restore` until the maintenance job purges it (core/conversations/purge.ts: ten minutes' grace).
   */
  delete: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => deleteConversation(ctx.db, { userId: ctx.user.id, id: input.id })),
  /** Undoes a delete while the grace period lasts; NOT_FOUND once purged or for anyone else's. */
  restore: protectedProcedure
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => restoreConversation(ctx.db, { userId: ctx.user.id, id: input.id })),
} satisfies TRPCRouterRecord;

export const feedbackRouter = {
  /** Thumbs up or down on one of the user's answers, with an optional comment; sending again changes it. */
  submit: protectedProcedure.input(feedbackInput).mutation(({ ctx, input }) => submitFeedback(ctx.db, { userId: ctx.user.id, ...input })),
} satisfies TRPCRouterRecord;
