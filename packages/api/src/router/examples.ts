import type { TRPCRouterRecord } from "@trpc/server";
import {
  createExample,
  deleteExample,
  exportExamplesJsonl,
  getExample,
  importExamples,
  listExamples,
  markExampleReviewed,
  setExampleFlags,
  tryExamples,
  updateExample,
} from "@lore/core/fewshot";
import { getActiveEmbedder } from "@lore/core/knowledge-base";
import { chatModelFromEnv } from "@lore/core/llm";
import { adminProcedure } from "../trpc";
import {
  createExampleInput,
  exampleIdInput,
  exportExamplesInput,
  importExamplesInput,
  listExamplesInput,
  setExampleFlagsInput,
  tryExamplesInput,
  updateExampleInput,
} from "../schemas";

/** Few-shot examples: list, edit, import/export JSONL, Try it, the stale flag (issue 26). Every write is audited. */
export const examplesRouter = {
  /** Newest edits first; filters; each row with its stale links. */
  list: adminProcedure.input(listExamplesInput).query(({ ctx, input }) => listExamples(ctx.db, input)),

  get: adminProcedure.input(exampleIdInput).query(({ ctx, input }) => getExample(ctx.db, input.id)),

  /** Embedded at once (after the save); with `feedbackId`, that inbox item is marked converted in the same transaction. */
  create: adminProcedure.input(createExampleInput).mutation(({ ctx, input }) => {
    const { feedbackId, ...fields } = input;
    return createExample(ctx.db, () => getActiveEmbedder(ctx.db), fields, ctx.user, { feedbackId });
  }),

  /** Replaces the fields; a changed question is embedded again at once. */
  update: adminProcedure.input(updateExampleInput).mutation(({ ctx, input }) => {
    const { id, ...fields } = input;
    return updateExample(ctx.db, () => getActiveEmbedder(ctx.db), id, fields, ctx.user);
  }),

  delete: adminProcedure.input(exampleIdInput).mutation(({ ctx, input }) => deleteExample(ctx.db, input.id, ctx.user)),

  /** Pin or enable; does not count as a review (the stale flag stays). */
  setFlags: adminProcedure
    .input(setExampleFlagsInput)
    .mutation(({ ctx, input }) => setExampleFlags(ctx.db, input.id, { pinned: input.pinned, enabled: input.enabled }, ctx.user)),

  /** Checked against its documents' current versions: clears the stale flag. */
  markReviewed: adminProcedure.input(exampleIdInput).mutation(({ ctx, input }) => markExampleReviewed(ctx.db, input.id, ctx.user)),

  /** One batch of JSONL lines (the console splits big files); bad lines are reported, good ones kept. */
  import: adminProcedure
    .input(importExamplesInput)
    .mutation(({ ctx, input }) => importExamples(ctx.db, () => getActiveEmbedder(ctx.db), input, ctx.user)),

  /** One page of the JSONL export; the console follows `nextCursor` and saves the whole text. */
  export: adminProcedure.input(exportExamplesInput).query(({ ctx, input }) => exportExamplesJsonl(ctx.db, input)),

  /**
   * Which examples a question would get as `asUserId`, with scores, tokens and the prompt. A mutation: it is
   * audited as a search as that user (search.as_user), and nothing should re-run it on focus.
   */
  try: adminProcedure
    .input(tryExamplesInput)
    .mutation(async ({ ctx, input }) =>
      tryExamples(
        ctx.db,
        await getActiveEmbedder(ctx.db),
        { asUserId: input.asUserId, question: input.question, modelConfigured: chatModelFromEnv() !== null },
        { actor: ctx.user, ip: ctx.ip },
      ),
    ),
} satisfies TRPCRouterRecord;
