import { createCspProxy } from "@lore/next/proxy";

import { env } from "~/env";

/** Per-request CSP nonce and the requested path for sign-in redirects (packages/next/src/proxy.ts). */
export const proxy = createCspProxy({ appUrl: env.WEB_URL });

// Next.js reads the matcher statically, so it has to be written out here.
export const config = {
  matcher: [
    {
      // Pages only: not API routes, static files or prefetches.
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
