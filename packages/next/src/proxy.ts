import { NextResponse, type NextRequest } from "next/server";

import { isDevelopment } from "./env";
import { REQUEST_PATH_HEADER } from "./redirect";

function contentSecurityPolicy(nonce: string, https: boolean): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets Next's nonce-bearing bootstrap load its chunks. React needs eval in development only.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ""}`,
    // Development injects styles for hot reloading; production only links stylesheets.
    `style-src 'self' ${isDevelopment ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * Builds an app's proxy (src/proxy.ts), which runs before every page request: sets a per-request
 * nonce-based Content-Security-Policy (Next.js applies the nonce to its own scripts) and records the
 * requested path for sign-in redirects. Authentication itself is checked on the server by the layouts.
 * `appUrl` is the app's public URL: over https the policy upgrades requests and HSTS is sent.
 *
 * The matcher stays in each app's proxy.ts: Next.js reads `config` there statically at build time.
 */
export function createCspProxy({ appUrl }: { appUrl: string }) {
  const https = appUrl.startsWith("https://");
  return function proxy(request: NextRequest) {
    const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
    const csp = contentSecurityPolicy(nonce, https);

    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);

    const response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set("content-security-policy", csp);
    if (https) {
      response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
    }
    return response;
  };
}
