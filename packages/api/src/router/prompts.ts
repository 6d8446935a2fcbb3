import type { TRPCRouterRecord } from "@trpc/server";

/** Prompt configuration versions: edit, diff, activate, roll back (issue 26). */
export const promptsRouter = {} satisfies TRPCRouterRecord;
