import type { TRPCRouterRecord } from "@trpc/server";

/** Few-shot examples: list, edit, import/export JSONL, Try it, the stale flag (issue 26). */
export const examplesRouter = {} satisfies TRPCRouterRecord;
