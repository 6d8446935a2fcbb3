// The tRPC router served over real HTTP for tests that need the wire (streaming, batching): the same standalone
// adapter and context as the apps' route, on a free port, with a client per signed-in cookie.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import SuperJSON from "superjson";
import { afterAll, beforeAll } from "vitest";
import { appRouter, createTRPCContext, type AppRouter } from "../src";
import type { Harness } from "./harness";

/** Serves the router from beforeAll (after the file's other beforeAll hooks) to afterAll; returns `clientFor(cookie)`. */
export function useHttpServer(h: Harness) {
  let server: Server | undefined;
  let url = "";
  beforeAll(async () => {
    const handler = createHTTPHandler({
      router: appRouter,
      createContext: ({ req }) => {
        const headers = new Headers();
        for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
        return createTRPCContext({ headers, auth: h.auth, db: h.db });
      },
    });
    server = createServer((req, res) => {
      req.url = req.url?.replace(/^\/api\/trpc/, "");
      handler(req, res);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  });
  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });
  return {
    clientFor: (cookie: string) =>
      createTRPCClient<AppRouter>({
        links: [httpBatchStreamLink({ url, transformer: SuperJSON, maxItems: 1, headers: () => ({ cookie }) })],
      }),
  };
}
