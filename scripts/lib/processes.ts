// Small process-supervision helpers shared by the start, e2e and test orchestrators.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv, scriptSettings } from "./env";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const COLORS = ["\x1b[35m", "\x1b[32m", "\x1b[33m", "\x1b[34m", "\x1b[36m"];

export function log(message: string) {
  process.stderr.write(`\x1b[36m[lore]\x1b[0m ${message}\n`);
}

export function fail(message: string): never {
  process.stderr.write(`\x1b[31m[lore] ${message}\x1b[0m\n`);
  process.exit(1);
}

/** Loads the repository's .env (if any) without overriding variables already set in the shell. */
export function loadRootEnv() {
  const file = join(ROOT, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * Returns BETTER_AUTH_SECRET from the environment, or a random one generated once and kept in the
 * git-ignored data folder, so sessions survive restarts of the embedded default without set-up.
 */
export function ensureAuthSecret(dataDir: string): string {
  const { authSecret } = scriptSettings();
  if (authSecret) return authSecret;
  const file = join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

export interface Supervised {
  name: string;
  child: ChildProcess;
  exited: Promise<number>;
}

let colorIndex = 0;

/** Starts a long-running child with its output prefixed by its name. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; quiet?: boolean },
): Supervised {
  const color = COLORS[colorIndex++ % COLORS.length];
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: false });
  const prefix = `${color}${name.padEnd(6)}\x1b[0m │ `;
  const pipe = (stream: NodeJS.ReadableStream | null, target: NodeJS.WriteStream) => {
    let buffer = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      if (!options.quiet) for (const line of lines) target.write(prefix + line + "\n");
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  const exited = new Promise<number>((res) => child.on("exit", (code, signal) => res(code ?? (signal ? 128 : 1))));
  return { name, child, exited };
}

/** Runs a command to completion with inherited output; resolves to its exit code. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  return new Promise((res) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? childEnv(), stdio: "inherit" });
    child.on("exit", (code, signal) => res(code ?? (signal ? 128 : 1)));
    child.on("error", () => res(127));
  });
}

/** Polls a URL until it answers 2xx, the process exits, or the timeout passes. */
export async function waitForUrl(url: string, { timeoutMs = 120_000, process: proc }: { timeoutMs?: number; process?: Supervised } = {}) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc?.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${proc?.name} exited before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}

/** Stops children (SIGTERM, then SIGKILL after a grace period). */
export async function stopAll(children: Supervised[], graceMs = 10_000) {
  await Promise.all(
    children.map(async ({ child, exited }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/**
 * Node flags that run a TypeScript entry point in-process (`node --import tsx file.ts`). Unlike the
 * tsx CLI there is no wrapper process that relays signals and force-kills on a second one.
 */
export const TSX_IMPORT = ["--import", "tsx"];
export const TURBO_BIN = join(ROOT, "node_modules/.bin/turbo");

export function portOf(url: string): string {
  const u = new URL(url);
  return u.port || (u.protocol === "https:" ? "443" : "80");
}
