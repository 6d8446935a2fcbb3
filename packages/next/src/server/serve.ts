/**
 * The Node server each app runs in (`node --import tsx server.ts`), in place of `next start`/`next dev`. It does
 * what Next cannot do from inside a route, because it needs the socket or must happen before a body is read:
 *   - resolve the client's address from the socket (or trusted proxies) and pass it on as the only
 *     X-Forwarded-For, so rate limits and the audit log see the real address (./client-address);
 *   - refuse oversized bodies from their headers, before Next buffers them (./body-limits);
 *   - refuse to start when demo accounts with published passwords would be reachable by others, and warn at
 *     every start while they exist (@lore/db/demo-accounts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { getPrisma } from "@lore/db/client";
import { checkDemoAccounts, PublicDemoAccountsError } from "@lore/db/demo-accounts";
import { refuseBody, type BodyLimits } from "./body-limits";
import { clientAddress, isTrusted, parseTrustedProxies } from "./client-address";
import { serverEnv } from "./env";

export interface AppServerOptions {
  /** "web" or "admin", for messages. */
  name: string;
  /** The app's folder (where its .next build is). */
  dir: string;
  defaultPort: number;
  bodyLimits: BodyLimits;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** True when only programs on this machine can reach a server listening on `hostname`. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** Headers a client may not set for itself unless it is a trusted proxy: Next would believe them. */
const PROXY_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"] as const;

/** A refused body is read and thrown away up to this size; past it the connection is cut. */
const DISCARD_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * Reads a refused request's body into nothing. Closing the connection at once would cut a client that is still
 * writing its body: it would see a broken pipe instead of the refusal and its message. Nothing is kept.
 */
function discardBody(req: IncomingMessage): void {
  let discarded = 0;
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) req.socket.destroy();
  });
}

/** The request handler in front of Next's: refusals first, then the client's address, then Next. */
export function createRequestHandler(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: { bodyLimits: BodyLimits; trustedProxies: ReturnType<typeof parseTrustedProxies> },
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const refusal = refuseBody(req, options.bodyLimits);
    if (refusal) {
      discardBody(req);
      res.writeHead(refusal.status, { "content-type": "application/json; charset=utf-8" });
      res.end(
        JSON.stringify({ error: { code: refusal.status === 413 ? "PAYLOAD_TOO_LARGE" : "LENGTH_REQUIRED", message: refusal.message } }),
      );
      return;
    }
    const peer = req.socket.remoteAddress;
    const fromProxy = isTrusted(options.trustedProxies, peer ?? "");
    req.headers["x-forwarded-for"] = clientAddress(peer, req.headers["x-forwarded-for"], options.trustedProxies);
    if (!fromProxy) for (const header of PROXY_HEADERS) delete req.headers[header];
    handle(req, res).catch((error: unknown) => {
      console.error("unhandled error serving", req.url, error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Something went wrong on our side. Try again in a moment.");
    });
  };
}

/** Parses the command line, checks the demo accounts, then serves the app until SIGINT/SIGTERM. */
export async function serveApp(options: AppServerOptions, argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: "string" }, hostname: { type: "string" }, dev: { type: "boolean", default: false } },
  });
  const env = serverEnv();
  const hostname = values.hostname ?? "127.0.0.1";
  const port = Number(values.port ?? env.PORT ?? options.defaultPort);
  const trustedProxies = parseTrustedProxies(env.LORE_TRUSTED_PROXIES);

  try {
    const exposed = isLoopbackHost(hostname) ? null : `the ${options.name} app listens on ${hostname}, which other machines can reach`;
    const warning = await checkDemoAccounts(getPrisma(), exposed);
    if (warning) console.warn(`\x1b[1;33m${warning}\x1b[0m`);
  } catch (error) {
    if (error instanceof PublicDemoAccountsError) {
      console.error(`\x1b[1;31m${error.message}\x1b[0m`);
      process.exit(1);
    }
    throw error;
  }

  const server = createServer();
  const app = next({ dev: values.dev, dir: options.dir, hostname, port, httpServer: server });
  await app.prepare();
  server.on("request", createRequestHandler(app.getRequestHandler(), { bodyLimits: options.bodyLimits, trustedProxies }));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  console.log(`${options.name} ready on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`);

  const stop = () => {
    server.close();
    void app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
