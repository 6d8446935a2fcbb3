/**
 * The environment of `npm start`, `npm test` and the e2e stack, read in one place. Read at call time: `npm start`
 * loads the root .env into the process first (loadRootEnv). The apps and the worker validate their own settings,
 * so children are handed the whole environment ({@link childEnv}) rather than a chosen few.
 */
import { parseEnv } from "@lore/db/env";

/** The settings the orchestrator itself reads. */
export function scriptSettings() {
  const env = process.env;
  return {
    dataDir: env.LORE_DATA_DIR ?? ".data",
    dbPort: Number(env.LORE_DB_PORT ?? 54329),
    databaseUrl: env.DATABASE_URL || undefined,
    webUrl: env.WEB_URL ?? "http://localhost:3000",
    adminUrl: env.ADMIN_URL ?? "http://localhost:3001",
    // The database package's reading (one boolean parser everywhere; off by default with DATABASE_URL).
    seedDemo: parseEnv(env).LORE_SEED_DEMO,
    adminEmail: env.ADMIN_EMAIL || undefined,
    /** The operator declared a production start: demo accounts with published passwords refuse it. */
    production: env.NODE_ENV === "production",
    authSecret: env.BETTER_AUTH_SECRET || undefined,
    ci: !!env.CI,
    chromiumPath: env.CHROMIUM_PATH || undefined,
    e2eWebUrl: env.E2E_WEB_URL ?? "http://127.0.0.1:3100",
    e2eAdminUrl: env.E2E_ADMIN_URL ?? "http://127.0.0.1:3101",
    // The employee app again, answering through the fake OpenAI-compatible model (tooling/playwright reads the same).
    e2eWebLlmUrl: env.E2E_WEB_LLM_URL ?? "http://127.0.0.1:3102",
    e2eVerbose: !!env.E2E_VERBOSE,
  };
}

/** This process's whole environment, with `extra` on top: what a child process is started with. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
