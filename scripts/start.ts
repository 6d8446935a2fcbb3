// `npm start` (production build) and `pnpm dev` (hot reload): the whole product on one machine.
import { resolve } from "node:path";
import { fail, loadRootEnv, log, ROOT } from "./lib/processes";
import { scriptSettings } from "./lib/env";
import { startStack } from "./lib/stack";

loadRootEnv();
const dev = process.argv.includes("--dev");
const settings = scriptSettings();
const dataDir = resolve(ROOT, settings.dataDir);
const { webUrl, adminUrl, seedDemo } = settings;

// Ctrl-C during start-up (a long first build, say) aborts it: what was started is stopped, the
// embedded database closed, before exiting.
const startup = new AbortController();
const abortStartup = () => startup.abort();
process.on("SIGINT", abortStartup);
process.on("SIGTERM", abortStartup);

const startedAt = performance.now();
let stack: Awaited<ReturnType<typeof startStack>>;
try {
  stack = await startStack({
    mode: dev ? "dev" : "start",
    dataDir,
    dbPort: settings.dbPort,
    databaseUrl: settings.databaseUrl,
    webUrl,
    adminUrl,
    seedDemo,
    exposedBecause: settings.production ? "NODE_ENV is production" : null,
    signal: startup.signal,
  });
} catch (error) {
  if (startup.signal.aborted) {
    log("start-up interrupted; stopped cleanly");
    process.exit(130);
  }
  fail(`could not start Lore: ${error instanceof Error ? error.message : String(error)}`);
}

const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
const lines = [
  "",
  `\x1b[1mLore is running\x1b[0m (ready in ${seconds} s${dev ? ", dev mode with hot reload" : ""})`,
  `  Employee chat   ${webUrl}`,
  `  Admin console   ${adminUrl}`,
  `  Database        ${stack.embedded ? `embedded Postgres at ${stack.databaseUrl.replace(/\/\/[^@]*@/, "//")} (data in ${dataDir}/pg)` : "DATABASE_URL"}`,
];
if (seedDemo) {
  lines.push(
    "  Demo logins     admin@lore.local / lore-admin-demo        (admin)",
    "                  employee@lore.local / lore-employee-demo  (employee)",
  );
}
if (settings.adminEmail) lines.push(`  First admin     ${settings.adminEmail} (from ADMIN_EMAIL)`);
lines.push("  Press Ctrl-C to stop.", "");
process.stdout.write(lines.join("\n") + "\n");

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  await stack.stop();
  log("stopped cleanly");
  process.exit(code);
}
process.off("SIGINT", abortStartup);
process.off("SIGTERM", abortStartup);
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
void stack.firstExit.then((child) => {
  if (!stopping) {
    log(`${child.name} exited unexpectedly; stopping everything`);
    void shutdown(1);
  }
});
