import "server-only";

import { appRouter, createCaller, createTRPCContext, type AppRouter } from "@lore/api";
import type { Auth } from "@lore/api/auth";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";

import { createQueryClient } from "./query-client";

/** tRPC for React Server Components (prefetch + hydrate, direct calls), bound to the app's better-auth instance. */
export function createTRPCServerHelpers(auth: Auth) {
  /** The tRPC context for this request (its session), created once per request. */
  const createContext = cache(async () => {
    const heads = new Headers(await headers());
    heads.set("x-trpc-source", "rsc");
    return createTRPCContext({ headers: heads, auth });
  });

  /** One QueryClient per request, shared by prefetches and HydrateClient. */
  const getQueryClient = cache(createQueryClient);

  /** Query options for Server Components: `prefetch(trpc.health.ping.queryOptions())`. */
  const trpc = createTRPCOptionsProxy<AppRouter>({
    router: appRouter,
    ctx: createContext,
    queryClient: getQueryClient,
  });

  /** Calls procedures directly from Server Components, without HTTP. */
  const getCaller = cache(async () => createCaller(await createContext()));

  /** Sends the queries prefetched during this request to the client components below it. */
  function HydrateClient({ children }: { children: ReactNode }) {
    return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
  }

  /** Starts a query on the server without awaiting it; its result streams to the client. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- matches any procedure's query options
  function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T) {
    const queryClient = getQueryClient();
    if (queryOptions.queryKey[1]?.type === "infinite") {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- infinite options share the key shape
      void queryClient.prefetchInfiniteQuery(queryOptions as any);
    } else {
      void queryClient.prefetchQuery(queryOptions);
    }
  }

  return { trpc, getCaller, getQueryClient, HydrateClient, prefetch };
}
