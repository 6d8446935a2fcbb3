/**
 * `lore bench answers`' measurement through the real tRPC route: the app router behind tRPC's HTTP handler, a
 * signed-in session, the streaming link the chat uses, and the time from sending `chat.send` to its first text
 * event, as the browser would see it (less the browser itself). The model is the bench's instant server, set
 * through the same LLM_* settings the apps read.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { PrismaClient } from "@lore/db";
import { setBenchRouteSettings } from "./env";

const ORIGIN = "http://127.0.0.1";

export async function firstTokenThroughRoute(setup: { prisma: PrismaClient; modelUrl: string; questions: string[] }): Promise<number[]> {
  setBenchRouteSettings(setup.modelUrl, randomBytes(32).toString("base64"));
  const [{ appRouter, createTRPCContext }, { createAuth }, { createHTTPHandler }, { createTRPCClient, httpBatchStreamLink }, superjson] =
    await Promise.all([
      import("@lore/api"),
      import("@lore/api/auth"),
      import("@trpc/server/adapters/standalone"),
      import("@trpc/client"),
      import("superjson"),
    ]);
  const auth = createAuth({ baseURL: ORIGIN, db: setup.prisma, allowSignup: true, sso: null, accountLockout: null });
  const signUp = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json", "x-forwarded-for": "127.0.0.1" },
      body: JSON.stringify({ email: "route-bench@bench.lore", password: "a bench password", name: "Route Bench" }),
    }),
  );
  if (!signUp.ok) throw new Error(`could not sign up the bench user: ${signUp.status}`);
  const cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");

  const handler = createHTTPHandler({
    router: appRouter,
    createContext: ({ req }) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      return createTRPCContext({ headers, auth, db: setup.prisma });
    },
  });
  const server = createServer((req, res) => {
    req.url = req.url?.replace(/^\/api\/trpc/, "");
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `${ORIGIN}:${(server.address() as AddressInfo).port}/api/trpc`;
    const client = createTRPCClient<typeof appRouter>({
      links: [httpBatchStreamLink({ url, transformer: superjson.default, maxItems: 1, headers: () => ({ cookie }) })],
    });
    const times: number[] = [];
    for (const question of setup.questions) {
      const started = performance.now();
      let first: number | null = null;
      for await (const event of await client.chat.send.mutate({ question })) {
        if (event.type === "text" && first === null) first = performance.now() - started;
        if (event.type === "error") throw new Error(`answer failed: ${event.code} ${event.message}`);
      }
      if (first !== null) times.push(first);
    }
    return times;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
