// Brings up the whole product: database (embedded unless DATABASE_URL is set), migrations, seed,
// build, both apps and the job worker. Used by `npm start` / `pnpm dev` and by the e2e tests.
import { join } from "node:path";
import { createPrismaClient } from "@lore/db/client";
import { startEmbeddedServer } from "@lore/db/embedded";
import { checkDemoAccounts } from "@lore/db/demo-accounts";
import { migrate } from "@lore/db/migrate";
import { seed } from "@lore/db/seed";
import { childEnv } from "./env";
import {
  ensureAuthSecret,
  log,
  portOf,
  ROOT,
  runCommand,
  startProcess,
  stopAll,
  TSX_IMPORT,
  TURBO_BIN,
  waitForUrl,
  type Supervised,
} from "./processes";

export interface StackOptions {
  /** "start" builds and runs production servers; "dev" runs `next dev` with hot reload. */
  mode: "start" | "dev";
  dataDir: string;
  /** Used only when databaseUrl is not given: the embedded server's port. */
  dbPort: number;
  databaseUrl?: string;
  webUrl: string;
  adminUrl: string;
  /** Seed the demo company (users, wiki pages, examples); the first admin from env is always seeded. */
  seedDemo: boolean;
  /**
   * Why this start is not private to the machine (NODE_ENV=production in the operator's environment), or null.
   * Demo accounts that keep their published passwords then stop the start (see @lore/db/demo-accounts).
   */
  exposedBecause?: string | null;
  /** Extra environment for the apps and worker. */
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
  /** Aborting (Ctrl-C during start-up) stops what was started and rejects. */
  signal?: AbortSignal;
}

export interface Stack {
  databaseUrl: string;
  embedded: boolean;
  children: Supervised[];
  stop(): Promise<void>;
  /** Resolves with the first child that exits on its own. */
  firstExit: Promise<Supervised>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  let stopEmbedded: (() => Promise<void>) | null = null;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    log(`starting the embedded Postgres (PGlite + pgvector) on 127.0.0.1:${options.dbPort}, data in ${options.dataDir}`);
    const server = await startEmbeddedServer({ dataDir: join(options.dataDir, "pg"), port: options.dbPort });
    databaseUrl = server.url;
    stopEmbedded = () => server.stop();
  }

  const children: Supervised[] = [];
  const stop = async () => {
    await stopAll(children);
    if (stopEmbedded) {
      const s = stopEmbedded;
      stopEmbedded = null;
      await s();
    }
  };

  try {
    options.signal?.throwIfAborted();
    const { applied } = await migrate({ url: databaseUrl, log: (m) => log(m) });
    log(applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date");

    // Idempotent: creates what is missing and never recreates what an admin deleted.
    const prisma = createPrismaClient(databaseUrl);
    try {
      await seed(prisma, { demo: options.seedDemo, log: (m) => log(m) });
      await checkDemoAccounts(prisma, options.exposedBecause ?? null);
    } finally {
      await prisma.$disconnect();
    }

    options.signal?.throwIfAborted();
    const env: NodeJS.ProcessEnv = {
      ...childEnv(options.env),
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: ensureAuthSecret(options.dataDir),
      WEB_URL: options.webUrl,
      ADMIN_URL: options.adminUrl,
      NODE_ENV: options.mode === "dev" ? "development" : "production",
      NEXT_TELEMETRY_DISABLED: "1",
      TURBO_TELEMETRY_DISABLED: "1",
    };

    if (options.mode === "start") {
      log("building the apps (cached after the first time)…");
      const code = await runCommand(
        TURBO_BIN,
        ["run", "build", "--filter=@lore/web", "--filter=@lore/admin", "--output-logs=errors-only"],
        { env },
      );
      options.signal?.throwIfAborted();
      if (code !== 0) throw new Error("the build failed (see above)");
    }

    const apps = [
      { name: "web", dir: "apps/web", url: options.webUrl },
      { name: "admin", dir: "apps/admin", url: options.adminUrl },
    ];
    for (const app of apps) {
      // Each app's own server (apps/<app>/server.ts, in front of Next): see @lore/next/server.
      const args = ["server.ts", "--port", portOf(app.url), "--hostname", new URL(app.url).hostname];
      if (options.mode === "dev") args.push("--dev");
      children.push(
        startProcess(app.name, process.execPath, [...TSX_IMPORT, ...args], { cwd: join(ROOT, app.dir), env, quiet: options.quiet }),
      );
    }
    children.push(
      startProcess("worker", process.execPath, [...TSX_IMPORT, join(ROOT, "apps/worker/src/main.ts")], {
        cwd: ROOT,
        env,
        quiet: options.quiet,
      }),
    );

    options.signal?.throwIfAborted();
    const firstExit = Promise.race(children.map((c) => c.exited.then(() => c)));
    await Promise.all(
      apps.map((app, i) =>
        waitForUrl(`${app.url}/api/health`, { process: children[i], timeoutMs: options.mode === "dev" ? 300_000 : 120_000 }),
      ),
    );
    options.signal?.throwIfAborted();

    return { databaseUrl, embedded: !options.databaseUrl, children, stop, firstExit };
  } catch (error) {
    await stop();
    throw error;
  }
}
