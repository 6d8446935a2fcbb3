// The stack the Playwright suites run against: a throw-away embedded database (migrated and seeded
// with the demo company), both apps built and started on test ports. Stays up until killed.
// Besides, a second instance of the employee app ("web-llm", E2E_WEB_LLM_URL, default port 3102) on the same
// database and build, whose model is a fake OpenAI-compatible server started here
// (./e2e-fake-model.ts: a test steers it with markers such as "[slow]" or "[fail]" in its question).
// The main web instance stays on the offline extractive default.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { childEnv, scriptSettings } from "./lib/env";
import { ensureAuthSecret, fail, log, portOf, ROOT, startProcess, stopAll, TSX_IMPORT, waitForUrl, type Supervised } from "./lib/processes";
import { startStack } from "./lib/stack";
import { FAKE_MODEL_NAME, startFakeModel, type FakeModel } from "./e2e-fake-model";

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
const { e2eWebUrl: webUrl, e2eAdminUrl: adminUrl, e2eWebLlmUrl: llmWebUrl, e2eVerbose } = scriptSettings();
const extraEnv = { AUTH_ALLOW_SIGNUP: "true", AUTH_SIGNIN_MAX_PER_MINUTE: "1000" };
let stack: Awaited<ReturnType<typeof startStack>>;
let fakeModel: FakeModel | null = null;
const llmChildren: Supervised[] = [];
try {
  stack = await startStack({
    mode: "start",
    dataDir,
    dbPort: await freePort(),
    webUrl,
    adminUrl,
    seedDemo: true,
    quiet: !e2eVerbose,
    env: extraEnv,
  });
} catch (error) {
  rmSync(dataDir, { recursive: true, force: true });
  fail(`e2e stack failed to start: ${error instanceof Error ? error.message : String(error)}`);
}
try {
  fakeModel = await startFakeModel();
  // The same environment startStack gives the web app (same database, same auth secret: a session works on both
  // instances), its own URL, and the fake model without retries (a "[fail]" fails at once).
  const env: NodeJS.ProcessEnv = {
    ...childEnv(extraEnv),
    DATABASE_URL: stack.databaseUrl,
    BETTER_AUTH_SECRET: ensureAuthSecret(dataDir),
    WEB_URL: llmWebUrl,
    ADMIN_URL: adminUrl,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    LLM_PROVIDER: "openai",
    LLM_BASE_URL: fakeModel.url,
    LLM_MODEL: FAKE_MODEL_NAME,
    LLM_API_KEY: "e2e",
    LLM_MAX_RETRIES: "0",
    LLM_TIMEOUT_MS: "10000",
  };
  const args = ["server.ts", "--port", portOf(llmWebUrl), "--hostname", new URL(llmWebUrl).hostname];
  const child = startProcess("web-llm", process.execPath, [...TSX_IMPORT, ...args], {
    cwd: join(ROOT, "apps/web"),
    env,
    quiet: !e2eVerbose,
  });
  llmChildren.push(child);
  await waitForUrl(`${llmWebUrl}/api/health`, { process: child, timeoutMs: 120_000 });
} catch (error) {
  await stopAll(llmChildren);
  await fakeModel?.close();
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
  fail(`e2e stack failed to start the model-backed web instance: ${error instanceof Error ? error.message : String(error)}`);
}
log(`e2e stack ready: web ${webUrl}, admin ${adminUrl}, web with the fake model ${llmWebUrl} (model ${fakeModel?.url})`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await stopAll(llmChildren);
  await fakeModel?.close();
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
void Promise.race([stack.firstExit, ...llmChildren.map((c) => c.exited.then(() => c))]).then((child) => {
  if (!stopping) {
    log(`${child.name} exited unexpectedly`);
    void shutdown();
  }
});
