import type { TRPCRouterRecord } from "@trpc/server";

/** The inspector: ask as any user or group and see how the answer was made; open any past answer's trace (issue 26). */
export const inspectorRouter = {} satisfies TRPCRouterRecord;
