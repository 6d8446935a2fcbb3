import type { TRPCRouterRecord } from "@trpc/server";
import { publicProcedure } from "../trpc";

export const healthRouter = {
  /** Liveness + database reachability, for load balancers and the apps' /api/health. */
  ping: publicProcedure.query(async ({ ctx }) => {
    const startedAt = performance.now();
    try {
      await ctx.db.$queryRaw`SELECT 1`;
      return { ok: true as const, db: "up" as const, dbLatencyMs: Math.round(performance.now() - startedAt), time: new Date() };
    } catch {
      return { ok: false as const, db: "down" as const, dbLatencyMs: null, time: new Date() };
    }
  }),
} satisfies TRPCRouterRecord;
