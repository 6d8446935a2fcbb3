// The stack the Playwright suites run against: a throw-away embedded database (migrated and seeded
// with the demo company), both apps built and started on test ports. Stays up until killed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { fail, log } from "./lib/processes";
import { scriptSettings } from "./lib/env";
import { startStack } from "./lib/stack";

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? res(address.port) : rej(new Error("no port"))));
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), "lore-e2e-"));
const { e2eWebUrl: webUrl, e2eAdminUrl: adminUrl, e2eVerbose } = scriptSettings();
let stack: Awaited<ReturnType<typeof startStack>>;
try {
  stack = await startStack({
    mode: "start",
    dataDir,
    dbPort: await freePort(),
    webUrl,
    adminUrl,
    seedDemo: true,
    quiet: !e2eVerbose,
    env: { AUTH_ALLOW_SIGNUP: "true", AUTH_SIGNIN_MAX_PER_MINUTE: "1000" },
  });
} catch (error) {
  rmSync(dataDir, { recursive: true, force: true });
  fail(`e2e stack failed to start: ${error instanceof Error ? error.message : String(error)}`);
}
log(`e2e stack ready: web ${webUrl}, admin ${adminUrl}`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
void stack.firstExit.then((child) => {
  if (!stopping) {
    log(`${child.name} exited unexpectedly`);
    void shutdown();
  }
});
