/**
 * Request-size caps, checked from the headers before Next reads a byte of the body: a body over its route's cap
 * is refused with 413, and a body of unknown length (chunked, no Content-Length) with 411, since its size could
 * only be learnt by buffering it. Browsers always send a length for the bodies Lore's pages send.
 */
import type { IncomingHttpHeaders } from "node:http";

export const KB = 1024;
export const MB = 1024 * KB;

export interface BodyLimits {
  /** Sign-in, sign-out, sessions (/api/auth/…): small JSON. */
  auth: number;
  /** Every other request: tRPC calls, server actions, anything else. */
  other: number;
  /** Larger caps for upload routes, by path prefix or tRPC procedure name; the first that matches applies. */
  uploads?: readonly { paths?: readonly string[]; trpcProcedures?: readonly string[]; maxBytes: number }[];
}

const TRPC_PREFIX = "/api/trpc/";

/** The tRPC procedures a request calls (a batch names several, comma-separated). */
function trpcProcedures(pathname: string): string[] {
  if (!pathname.startsWith(TRPC_PREFIX)) return [];
  return decodeURIComponent(pathname.slice(TRPC_PREFIX.length)).split(",");
}

/** The largest body, in bytes, a request to `pathname` may carry. */
export function bodyLimitFor(pathname: string, limits: BodyLimits): number {
  if (pathname === "/api/auth" || pathname.startsWith("/api/auth/")) return limits.auth;
  const procedures = trpcProcedures(pathname);
  for (const rule of limits.uploads ?? []) {
    if (rule.paths?.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return rule.maxBytes;
    if (procedures.some((p) => rule.trpcProcedures?.includes(p))) return rule.maxBytes;
  }
  return limits.other;
}

export interface BodyRefusal {
  status: 411 | 413;
  message: string;
}

function describeBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / KB)} KB`;
}

/** Why a request's body is refused before it is read, or null when it may be read. */
export function refuseBody(request: { url?: string; headers: IncomingHttpHeaders }, limits: BodyLimits): BodyRefusal | null {
  const pathname = new URL(request.url ?? "/", "http://lore.invalid").pathname;
  const limit = bodyLimitFor(pathname, limits);
  const length = request.headers["content-length"];
  if (length === undefined) {
    if (request.headers["transfer-encoding"] === undefined) return null; // no body
    return { status: 411, message: "Send the request with a Content-Length header: bodies of unknown length are not accepted." };
  }
  const bytes = Number(length);
  if (!Number.isSafeInteger(bytes) || bytes < 0) return { status: 411, message: "The Content-Length header is not a number of bytes." };
  if (bytes > limit) {
    return {
      status: 413,
      message: `The request is ${describeBytes(bytes)}, more than the ${describeBytes(limit)} this address accepts.`,
    };
  }
  return null;
}
