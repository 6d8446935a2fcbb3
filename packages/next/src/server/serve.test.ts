// The request handler in front of Next, on a real HTTP server; Next itself is replaced by a handler that echoes
// what it was given (and counts the calls that reach it).
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { KB, MB, type BodyLimits } from "./body-limits";
import { parseTrustedProxies } from "./client-address";
import { createRequestHandler, isLoopbackHost } from "./serve";

const limits: BodyLimits = { auth: 64 * KB, other: 1 * MB };
let server: Server | undefined;
let reachedNext = 0;

async function start(trustedProxies: string | undefined): Promise<number> {
  reachedNext = 0;
  const handler = createRequestHandler(
    async (req, res) => {
      reachedNext += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ forwardedFor: req.headers["x-forwarded-for"], forwardedHost: req.headers["x-forwarded-host"] ?? null }));
    },
    { bodyLimits: limits, trustedProxies: parseTrustedProxies(trustedProxies) },
  );
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running) await new Promise((resolve) => running.close(resolve));
});

/**
 * Sends a request with exactly these headers (and a body of `bodyBytes` bytes when given); `slowly`: the body in
 * 256 KB pieces 10 ms apart, as a slow upload arrives, and the answer counts only once the whole body was written
 * (as clients that finish sending before reading do).
 */
function send(port: number, path: string, headers: Record<string, string>, bodyBytes = 0, slowly = false) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    let answer: { status: number; body: string } | null = null;
    let written = !slowly;
    const settle = () => answer && written && resolve(answer);
    const req = request({ host: "127.0.0.1", port, path, method: bodyBytes ? "POST" : "GET", headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => {
        answer = { status: res.statusCode ?? 0, body };
        settle();
      });
    });
    req.on("error", reject);
    if (!slowly) {
      if (bodyBytes) req.write(Buffer.alloc(bodyBytes, 0x61));
      req.end();
      return;
    }
    const piece = Buffer.alloc(256 * KB, 0x61);
    let left = bodyBytes;
    const next = () => {
      if (left <= 0) {
        req.end(() => {
          written = true;
          settle();
        });
        return;
      }
      left -= piece.length;
      req.write(piece, () => setTimeout(next, 10));
    };
    next();
  });
}

describe("the app server's request handler", () => {
  it("passes on the socket's address as X-Forwarded-For, whatever the client wrote", async () => {
    const port = await start(undefined);
    const spoofed = await send(port, "/api/auth/get-session", { "x-forwarded-for": "203.0.113.99", "x-forwarded-host": "evil.example" });
    expect(JSON.parse(spoofed.body)).toEqual({ forwardedFor: "127.0.0.1", forwardedHost: null });
  });

  it("believes the forwarded chain from a trusted proxy", async () => {
    const port = await start("127.0.0.1");
    const proxied = await send(port, "/", { "x-forwarded-for": "1.2.3.4, 203.0.113.99", "x-forwarded-host": "lore.example.com" });
    expect(JSON.parse(proxied.body)).toEqual({ forwardedFor: "203.0.113.99", forwardedHost: "lore.example.com" });
  });

  it("refuses an oversized body from its Content-Length, before anything reads it", async () => {
    const port = await start(undefined);
    const refused = await send(port, "/api/auth/sign-in/email", { "content-length": String(200 * KB) }, 200 * KB);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: "The request is 200 KB, more than the 64 KB this address accepts." },
    });
    // A client still writing its body after the refusal gets the refusal, not a broken pipe.
    const large = await send(port, "/api/trpc/x", { "content-length": String(4 * MB) }, 4 * MB, true);
    expect(large.status).toBe(413);
    const chunked = await send(port, "/api/trpc/x", { "transfer-encoding": "chunked" }, 10);
    expect(chunked.status).toBe(411);
    expect(reachedNext).toBe(0);

    const small = await send(port, "/api/auth/sign-in/email", { "content-length": String(2 * KB) }, 2 * KB);
    expect(small.status).toBe(200);
    expect(reachedNext).toBe(1);
  });
});

describe("isLoopbackHost", () => {
  it("tells addresses only this machine reaches from the others", () => {
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "lore.example.com"]) expect(isLoopbackHost(host)).toBe(false);
  });
});
