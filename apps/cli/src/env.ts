import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";
import { CliError } from "./errors";

/**
 * The CLI's settings. Read lazily, only by the commands that use the user's database (`import`, `search`,
 * `reembed`): `eval` and `bench` work on throw-away databases and must run without DATABASE_URL.
 */

/** DATABASE_URL, or undefined when it is unset: the commands then use the embedded database (database.ts). */
export function databaseUrl(): string | undefined {
  const env = createEnv({
    server: {
      DATABASE_URL: z
        .string()
        .regex(/^postgres(ql)?:\/\//)
        .optional(),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
    onValidationError: () => {
      throw new CliError("DATABASE_URL must be a postgres:// or postgresql:// connection string.");
    },
  });
  return env.DATABASE_URL;
}

/**
 * The directory the user ran `pnpm lore` (or `npm run lore`) in: pnpm and npm run scripts in the repository root
 * and pass the caller's directory as INIT_CWD, and relative paths on the command line mean the caller's directory.
 */
export function callerDirectory(): string | undefined {
  const env = createEnv({
    server: { INIT_CWD: z.string().optional(), npm_lifecycle_event: z.string().optional() },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
  return env.npm_lifecycle_event === "lore" ? env.INIT_CWD : undefined;
}

/**
 * `lore bench answers` through the tRPC route: the API reads its settings (an auth secret, the model) from the
 * environment when first imported, and this process is the bench's own, so it sets them: a throwaway secret unless
 * one is set, and the bench's instant model server.
 */
export function setBenchRouteSettings(modelUrl: string, secret: string): void {
  process.env.BETTER_AUTH_SECRET ??= secret;
  Object.assign(process.env, {
    LLM_PROVIDER: "openai",
    LLM_BASE_URL: modelUrl,
    LLM_MODEL: "instant",
    LLM_API_KEY: "bench",
    LLM_MAX_RETRIES: "0",
  });
}
