import { appRouter, createTRPCContext } from "@lore/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { env } from "~/env";
import { auth } from "~/server/auth";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    createContext: () => createTRPCContext({ headers: req.headers, auth }),
    onError({ error, path }) {
      // Expected refusals are not server errors; everything else is logged with its cause.
      if (error.code === "INTERNAL_SERVER_ERROR" || env.NODE_ENV === "development") {
        console.error(`tRPC ${error.code} on ${path ?? "<no path>"}:`, error.cause ?? error);
      }
    },
  });
}

export { handler as GET, handler as POST };
