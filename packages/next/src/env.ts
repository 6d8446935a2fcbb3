import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

/** True in `next dev`. Next.js inlines NODE_ENV into server and client bundles alike. */
export const isDevelopment = process.env.NODE_ENV === "development";

/**
 * One app's configuration (both apps read the same variables), validated when the server starts and
 * when it is built (each app's next.config.ts imports its src/env.ts, which calls this). Every variable is
 * documented in the repository's .env.example. Set SKIP_ENV_VALIDATION=1 for tools that load the code
 * without running it (lint, some CI steps).
 */
export function createAppEnv() {
  return createEnv({
    shared: {
      NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    },
    server: {
      DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgres:// connection URL" }),
      BETTER_AUTH_SECRET: z
        .string()
        .min(32, "BETTER_AUTH_SECRET must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
      /** The public URL of the employee chat app: auth callbacks there, links to it from the console. */
      WEB_URL: z.url().default("http://localhost:3000"),
      /** The public URL of the admin console: auth callbacks there, links to it for admins. */
      ADMIN_URL: z.url().default("http://localhost:3001"),
    },
    client: {},
    experimental__runtimeEnv: {
      NODE_ENV: process.env.NODE_ENV,
    },
    skipValidation: !!process.env.SKIP_ENV_VALIDATION || process.env.npm_lifecycle_event === "lint",
    emptyStringAsUndefined: true,
  });
}
