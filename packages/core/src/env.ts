import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** Settings of the domain core (the job worker for now; retrieval and LLM settings arrive with their features). */
export const coreEnv = createEnv({
  server: {
    DATABASE_URL: z.string().min(1, "DATABASE_URL is not set: start Lore with `npm start`, or point it at your Postgres."),
    LORE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
});
