import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Settings that all have defaults (job timings for now). Validated when this module is first imported (a bad value
 * stops the worker and the apps at start-up with a message naming the variable), and safe to import anywhere: unlike
 * {@link coreEnv} they never need DATABASE_URL.
 *
 *   LORE_JOB_HEARTBEAT_SECONDS  a job whose worker sent no heartbeat for this long is retried elsewhere (30, >= 10)
 *   LORE_JOB_SUPERVISE_SECONDS  how often a worker looks for such jobs, and for expired ones (60)
 */
const settingsSchema = {
  LORE_JOB_HEARTBEAT_SECONDS: z.coerce
    .number({ error: "LORE_JOB_HEARTBEAT_SECONDS must be a whole number of seconds" })
    .int("LORE_JOB_HEARTBEAT_SECONDS must be a whole number of seconds")
    .min(10, "LORE_JOB_HEARTBEAT_SECONDS must be at least 10 (pg-boss's minimum)")
    .max(3600, "LORE_JOB_HEARTBEAT_SECONDS can be at most 3600")
    .default(30),
  LORE_JOB_SUPERVISE_SECONDS: z.coerce
    .number({ error: "LORE_JOB_SUPERVISE_SECONDS must be a whole number of seconds" })
    .int("LORE_JOB_SUPERVISE_SECONDS must be a whole number of seconds")
    .min(1, "LORE_JOB_SUPERVISE_SECONDS must be at least 1")
    .max(3600, "LORE_JOB_SUPERVISE_SECONDS can be at most 3600")
    .default(60),
};

export type CoreSettings = ReturnType<typeof readSettings>;

/** Reads and validates the settings above from `source` (default: the environment); throws naming each bad variable. */
export function readSettings(source: Record<string, string | undefined> = process.env) {
  return createEnv({
    server: settingsSchema,
    runtimeEnv: source,
    emptyStringAsUndefined: true,
    // No skipValidation: every variable has a default, so validating never needs a configured environment.
    onValidationError: (issues) => {
      throw new Error(`Invalid settings in the environment: ${issues.map((issue) => issue.message).join("; ")}.`);
    },
  });
}

/** The settings of this process. */
export const settings: CoreSettings = readSettings();

/** Timings of the job queue from `s` (default: this process's settings). */
export function jobTimings(s: CoreSettings = settings): { heartbeatSeconds: number; superviseIntervalSeconds: number } {
  return { heartbeatSeconds: s.LORE_JOB_HEARTBEAT_SECONDS, superviseIntervalSeconds: s.LORE_JOB_SUPERVISE_SECONDS };
}

/**
 * The settings only the worker (and a producer started without an explicit URL) need: DATABASE_URL is required, so
 * they are validated on first use rather than at import — importing the core must not need a database.
 */
function loadServerEnv() {
  return createEnv({
    server: {
      DATABASE_URL: z.string().min(1, "DATABASE_URL is not set: start Lore with `npm start`, or point it at your Postgres."),
      LORE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
    skipValidation: !!process.env.SKIP_ENV_VALIDATION,
  });
}

let serverEnv: ReturnType<typeof loadServerEnv> | undefined;

/** Settings of the job worker process; each is validated (all of them at once) when first read. */
export const coreEnv = {
  get DATABASE_URL(): string {
    return (serverEnv ??= loadServerEnv()).DATABASE_URL;
  },
  get LORE_WORKER_CONCURRENCY(): number {
    return (serverEnv ??= loadServerEnv()).LORE_WORKER_CONCURRENCY;
  },
};
