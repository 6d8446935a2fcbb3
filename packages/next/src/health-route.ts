import "server-only";

import { createCaller, createTRPCContext } from "@lore/api";
import type { Auth } from "@lore/api/auth";

/** Readiness for app/api/health/route.ts: 200 when the app is up and reaches the database, 503 otherwise. No authentication. */
export function createHealthHandler({ app, auth }: { app: "web" | "admin"; auth: Auth }) {
  return async function GET() {
    try {
      const caller = createCaller(await createTRPCContext({ headers: new Headers(), auth }));
      const result = await caller.health.ping();
      return Response.json(
        { status: result.ok ? "ok" : "degraded", app, db: result.db, dbLatencyMs: result.dbLatencyMs, time: result.time },
        { status: result.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
      );
    } catch (error) {
      console.error("health check failed:", error);
      return Response.json(
        { status: "error", app, db: "unknown", time: new Date() },
        { status: 503, headers: { "cache-control": "no-store" } },
      );
    }
  };
}
