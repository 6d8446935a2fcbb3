import type { TRPCRouterRecord } from "@trpc/server";
import { listSuggestions } from "@lore/core/fewshot";
import { z } from "zod";
import { protectedProcedure } from "../trpc";

export const listSuggestionsInput = z
  .object({
    /** The interface language: questions in it are preferred (after pinned ones). */
    language: z.enum(["en", "vi"], { error: "language must be en or vi" }).optional(),
  })
  .optional();

export const suggestionsRouter = {
  /**
   * Questions to suggest in an empty chat: enabled few-shot examples' questions the caller may see (an example
   * linked to a document they may not read never shows; the SQL enforces it), pinned first, at most six.
   */
  list: protectedProcedure
    .input(listSuggestionsInput)
    .query(({ ctx, input }) => listSuggestions(ctx.db, { userId: ctx.user.id, language: input?.language })),
} satisfies TRPCRouterRecord;
