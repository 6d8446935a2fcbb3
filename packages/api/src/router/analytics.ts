import type { TRPCRouterRecord } from "@trpc/server";

/** Usage analytics over a date range: questions per day, answered share, ratings, knowledge gaps, most-cited documents (issue 26). */
export const analyticsRouter = {} satisfies TRPCRouterRecord;
