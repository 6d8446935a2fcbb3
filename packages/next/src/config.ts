import type { NextConfig } from "next";

/**
 * Static security headers for every response. The Content-Security-Policy is per request (it carries
 * a nonce) and is set by the app's src/proxy.ts (see ./proxy).
 */
export const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "X-DNS-Prefetch-Control", value: "off" },
];

/** The Next.js config both apps share; `extra` adds an app's own options (e.g. experimental flags). */
export function createNextConfig(extra: NextConfig = {}): NextConfig {
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    // Internal packages ship TypeScript source.
    transpilePackages: ["@lore/api", "@lore/core", "@lore/db", "@lore/next", "@lore/ui"],
    // Database drivers and the job queue stay plain Node modules on the server.
    serverExternalPackages: [
      "pg",
      "@prisma/client",
      "@prisma/adapter-pg",
      "pg-boss",
      "@electric-sql/pglite",
      "@electric-sql/pglite-socket",
    ],
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders }];
    },
    ...extra,
  };
}
