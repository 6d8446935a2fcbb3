import type { NextConfig } from "next";

// Validates the environment when the app is built and when it starts.
import "./src/env";

/**
 * Static security headers for every response. The Content-Security-Policy is per request (it carries
 * a nonce) and is set in src/proxy.ts.
 */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "X-DNS-Prefetch-Control", value: "off" },
];

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Internal packages ship TypeScript source.
  transpilePackages: ["@lore/api", "@lore/core", "@lore/db", "@lore/ui"],
  // Database drivers and the job queue stay plain Node modules on the server.
  serverExternalPackages: ["pg", "@prisma/client", "@prisma/adapter-pg", "pg-boss", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  experimental: {
    // forbidden() / unauthorized() from next/navigation: non-admins get a real 403.
    authInterrupts: true,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default config;
