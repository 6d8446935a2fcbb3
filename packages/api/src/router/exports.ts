import type { TRPCRouterRecord } from "@trpc/server";

/** Exports: the fine-tuning data set's preview (the files themselves are route handlers) (issue 26). */
export const exportsRouter = {} satisfies TRPCRouterRecord;
