import "server-only";

import { createTRPCServerHelpers } from "@lore/next/trpc/server";

import { auth } from "~/server/auth";

/** tRPC for this app's Server Components: `prefetch(trpc.x.queryOptions())`, `<HydrateClient>`, `getCaller()`. */
export const { trpc, getCaller, HydrateClient, prefetch } = createTRPCServerHelpers(auth);
