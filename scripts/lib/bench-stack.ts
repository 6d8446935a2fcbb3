// The product as the web benchmarks and `pnpm screenshots` run it: a throw-away embedded database with the demo
// company, both apps built and served on free ports (not the e2e ports), and optionally a local fake
// OpenAI-compatible model that answers at once, wired in through the LLM_* settings the apps read.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./processes";
import { startStack } from "./stack";

/** What this tooling uses of @lore/core's fake OpenAI-compatible server (packages/core/src/testing/fake-openai.ts). */
export interface FakeModel {
  readonly url: string;
  reply(...replies: { deltas: string[] }[]): void;
  setDefaultReply(reply: { deltas: string[] }): void;
  close(): Promise<void>;
}

/**
 * The fake is a test helper of @lore/core, which this package does not depend on: it is resolved through the CLI,
 * which does (run under tsx, which loads its TypeScript).
 */
async function startFakeModel(): Promise<FakeModel> {
  const file = createRequire(join(ROOT, "apps/cli/package.json")).resolve("@lore/core/testing");
  const testing = (await import(pathToFileURL(file).href)) as { startFakeOpenAI: () => Promise<FakeModel> };
  return testing.startFakeOpenAI();
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? res(address.port) : rej(new Error("no port"))));
    });
  });
}

export interface BenchStack {
  webUrl: string;
  adminUrl: string;
  /** The fake model, when asked for; null means the extractive default. */
  model: FakeModel | null;
  stop(): Promise<void>;
}

export async function startBenchStack(options: { fakeModel: boolean; quiet?: boolean }): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "lore-bench-"));
  const model = options.fakeModel ? await startFakeModel() : null;
  const webUrl = `http://127.0.0.1:${await freePort()}`;
  const adminUrl = `http://127.0.0.1:${await freePort()}`;
  const llm: NodeJS.ProcessEnv = model
    ? { LLM_PROVIDER: "openai", LLM_BASE_URL: model.url, LLM_API_KEY: "bench", LLM_MODEL: "fake-instant" }
    : { LLM_PROVIDER: "extractive" };
  try {
    const stack = await startStack({
      mode: "start",
      dataDir,
      dbPort: await freePort(),
      webUrl,
      adminUrl,
      seedDemo: true,
      quiet: options.quiet ?? true,
      // Many sign-ins from one address in a minute (50 users) must not hit the sign-in limit.
      env: { ...llm, AUTH_SIGNIN_MAX_PER_MINUTE: "1000" },
    });
    return {
      webUrl,
      adminUrl,
      model,
      stop: async () => {
        await stack.stop();
        await model?.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await model?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
