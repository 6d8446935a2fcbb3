import type { TRPCRouterRecord } from "@trpc/server";

/** The feedback inbox: rated answers, thumbs-down first; dismiss, or turn into an example (issue 26). */
export const feedbackInboxRouter = {} satisfies TRPCRouterRecord;
