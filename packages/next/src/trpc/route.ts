import "server-only";

import { appRouter, createTRPCContext } from "@lore/api";
import type { Auth } from "@lore/api/auth";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { isDevelopment } from "../env";
import { TRPC_MAX_BATCH_SIZE } from "./batch";

/** The handler for app/api/trpc/[trpc]/route.ts (export it as GET and POST). */
export function createTRPCRouteHandler(auth: Auth) {
  return function handler(req: Request) {
    return fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req,
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: () => createTRPCContext({ headers: req.headers, auth }),
      onError({ error, path }) {
        // Expected refusals are not server errors; everything else is logged with its cause.
        if (error.code === "INTERNAL_SERVER_ERROR" || isDevelopment) {
          console.error(`tRPC ${error.code} on ${path ?? "<no path>"}:`, error.cause ?? error);
        }
      },
    });
  };
}
