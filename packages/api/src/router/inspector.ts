import type { TRPCRouterRecord } from "@trpc/server";
import { checkInspectInput, inspectAnswer, readAnswerTrace } from "@lore/core/answer";
import { getActiveEmbedder } from "@lore/core/knowledge-base";
import { chatModelFromEnv } from "@lore/core/llm";
import { adminProcedure } from "../trpc";
import { inspectorAskInput, inspectorTraceInput } from "../schemas";

/** The inspector: ask as any user or group and see how the answer was made; open any past answer's trace. */
export const inspectorRouter = {
  /**
   * Answers as the chosen user or groups with the chosen prompt version, streaming the answer's events and its
   * inspection (like chat.send, alone on its link so a stop closes it). Nothing is stored as a conversation;
   * the ask is audited (`inspector.ask`) with the restricted documents it read.
   */
  ask: adminProcedure.input(inspectorAskInput).mutation(async ({ ctx, input, signal }) => {
    // Checked before streaming starts, so a wrong id is an ordinary NOT_FOUND rather than an event.
    await checkInspectInput(ctx.db, input);
    const embedder = await getActiveEmbedder(ctx.db);
    const deps = { db: ctx.db, embedder, model: chatModelFromEnv() };
    return inspectAnswer(deps, { ...input, ...(signal ? { signal } : {}) }, { actor: ctx.user, ip: ctx.ip });
  }),

  /** Any past answer: its question, text, sources, trace and inspection (audited: it is an employee's conversation). */
  trace: adminProcedure
    .input(inspectorTraceInput)
    .query(({ ctx, input }) => readAnswerTrace(ctx.db, { messageId: input.messageId }, { actor: ctx.user, ip: ctx.ip })),
} satisfies TRPCRouterRecord;
