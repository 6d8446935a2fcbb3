// Talking to a running employee app as a browser would, from Node: sign in through the auth API (session cookie),
// call tRPC procedures over HTTP, and stream `chat.send` through the same streaming link the chat uses.
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "./processes";

export interface Session {
  origin: string;
  cookie: string;
}

/** Signs in with email and password; the session cookie is what later calls carry. */
export async function signIn(origin: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
  return { origin, cookie };
}

/** A tRPC mutation over plain HTTP (superjson envelope); throws with the server's error code on failure. */
export async function trpcMutation<T>(session: Session, path: string, input: unknown): Promise<T> {
  const response = await fetch(`${session.origin}/api/trpc/${path}`, {
    method: "POST",
    headers: { origin: session.origin, cookie: session.cookie, "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  const body = (await response.json()) as { result?: { data?: { json?: T } }; error?: { json?: { message?: string } } };
  if (!response.ok || !body.result) throw new Error(`${path} failed: ${response.status} ${body.error?.json?.message ?? ""}`);
  return body.result.data?.json as T;
}

/** The answer events this tooling looks at (the full union is packages/core/src/answer/events.ts). */
export type ChatEvent =
  { type: "start" | "sources" | "citation" | "done" } | { type: "text"; text?: string } | { type: "error"; code: string; message: string };

interface UntypedClient {
  mutation(path: string, input: unknown): Promise<AsyncIterable<ChatEvent>>;
}

// @trpc/client and superjson are the web app's dependencies (this package has no React or tRPC of its own).
const fromWeb = createRequire(join(ROOT, "apps/web/package.json"));

/** A tRPC client for one session on the streaming link (one request per call, as the chat's link does). */
export function streamingClient(session: Session): UntypedClient {
  const { createTRPCUntypedClient, httpBatchStreamLink } = fromWeb("@trpc/client") as {
    createTRPCUntypedClient: (options: unknown) => UntypedClient;
    httpBatchStreamLink: (options: unknown) => unknown;
  };
  const superjsonModule = fromWeb("superjson") as { default?: unknown };
  const superjson = superjsonModule.default ?? superjsonModule;
  return createTRPCUntypedClient({
    links: [
      httpBatchStreamLink({
        url: `${session.origin}/api/trpc`,
        transformer: superjson,
        maxItems: 1,
        headers: () => ({ cookie: session.cookie, origin: session.origin }),
      }),
    ],
  });
}
