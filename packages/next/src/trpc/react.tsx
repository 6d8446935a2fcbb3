"use client";

import type { AppRouter } from "@lore/api";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchStreamLink, loggerLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import SuperJSON from "superjson";

import { isDevelopment } from "../env";
import { TRPC_MAX_BATCH_SIZE } from "./batch";
import { createQueryClient } from "./query-client";

let browserQueryClient: QueryClient | undefined;

function getQueryClient() {
  // Server: always a new client (no sharing between requests). Browser: one for the tab.
  if (typeof window === "undefined") return createQueryClient();
  return (browserQueryClient ??= createQueryClient());
}

export const { useTRPC, TRPCProvider } = createTRPCContext<AppRouter>();

/** Procedures whose answer streams for long: never batched with others. */
const STREAMED_ALONE = new Set(["chat.send", "admin.inspector.ask"]);

function streamLink(source: string, maxItems: number) {
  return httpBatchStreamLink({
    transformer: SuperJSON,
    // Same origin: the browser sends the session cookie along.
    url: "/api/trpc",
    maxItems,
    headers() {
      return { "x-trpc-source": source };
    },
  });
}

/** tRPC + TanStack Query for client components. `source` names the app in the `x-trpc-source` header. */
export function TRPCReactProvider({ source, children }: { source: string; children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({
          enabled: (op) => isDevelopment || (op.direction === "down" && op.result instanceof Error),
        }),
        // A streamed answer travels alone: cancelling it (the user's stop) closes its own request, which aborts
        // the model's request upstream, without cancelling calls that happened to share a batch.
        splitLink({
          condition: (op) => STREAMED_ALONE.has(op.path),
          true: streamLink(source, 1),
          false: streamLink(source, TRPC_MAX_BATCH_SIZE),
        }),
      ],
    }),
  );

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
