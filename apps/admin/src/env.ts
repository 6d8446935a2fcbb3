import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

/**
 * The admin console's configuration, validated when the server starts and when it is built
 * (next.config.ts imports this file). Every variable is documented in the repository's .env.example.
 * Set SKIP_ENV_VALIDATION=1 for tools that load the code without running it (lint, some CI steps).
 */
export const env = createEnv({
  shared: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  server: {
    DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgres:// connection URL" }),
    BETTER_AUTH_SECRET: z
      .string()
      .min(32, "BETTER_AUTH_SECRET must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
    /** The public URL of the employee app, linked from the console. */
    WEB_URL: z.url().default("http://localhost:3000"),
    /** The public URL of this app (the admin console), used for auth callbacks. */
    ADMIN_URL: z.url().default("http://localhost:3001"),
  },
  client: {},
  experimental__runtimeEnv: {
    NODE_ENV: process.env.NODE_ENV,
  },
  skipValidation: !!process.env.SKIP_ENV_VALIDATION || process.env.npm_lifecycle_event === "lint",
  emptyStringAsUndefined: true,
});
