import type { TRPCRouterRecord } from "@trpc/server";
import { analyticsOverview, analyticsSummary, checkRange, knowledgeGaps } from "@lore/core/analytics";
import { getActiveEmbedder } from "@lore/core/knowledge-base";
import { adminProcedure } from "../trpc";
import { analyticsGapsInput, analyticsRangeInput } from "../schemas";

/** Usage analytics over a date range: questions per day, answered share, ratings, knowledge gaps, most-cited documents (issue 26). */
export const analyticsRouter = {
  /** Every figure of a range but the knowledge gaps. A range core refuses (order, length, time zone) is BAD_REQUEST. */
  summary: adminProcedure.input(analyticsRangeInput).query(({ ctx, input }) => analyticsSummary(ctx.db, input)),

  /**
   * The range's unanswered questions clustered by meaning, with the active embedding model (the one the
   * stored vectors use). Settings that cannot build it are PRECONDITION_FAILED, as for search.
   */
  gaps: adminProcedure.input(analyticsGapsInput).query(async ({ ctx, input }) => {
    const range = checkRange(input);
    const embedder = await getActiveEmbedder(ctx.db);
    return knowledgeGaps(ctx.db, embedder, range, { limit: input.limit });
  }),

  /** The dashboard's headline: the last seven days (UTC) and what awaits an admin. */
  overview: adminProcedure.query(({ ctx }) => analyticsOverview(ctx.db)),
} satisfies TRPCRouterRecord;
