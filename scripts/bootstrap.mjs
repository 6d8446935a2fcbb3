#!/usr/bin/env node
// Lore's entry point for `npm start`, `npm test`, `npm run dev` and `npm run lore -- <command>`.
//
// It must run on any Node >= 18 with only npm available, so it uses nothing but Node built-ins.
// It makes sure the toolchain Lore targets is present, without global state:
//   1. Node 24 — when the running Node is older than the floor in package.json "engines", the
//      pinned Node 24 binary is installed from the npm registry (the `node-<platform>-<arch>`
//      package) into .tools/ and used for everything after this point;
//   2. pnpm — the exact version from package.json "packageManager", installed into .tools/;
//   3. dependencies — `pnpm install` when node_modules is missing or older than the lockfile;
// and then hands over to the TypeScript orchestrator (scripts/<command>.ts), or for `lore` to the CLI
// (apps/cli/src/main.ts) with the remaining arguments, under that Node. It logs to stderr only, so the CLI's stdout
// stays clean (JSON with --json), and exits with the child's exit code.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS = join(ROOT, ".tools");
const NODE_VERSION = "24.21.0"; // keep in step with .nvmrc (major) and docs/development.md
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const PNPM_VERSION = pkg.packageManager.replace(/^pnpm@/, "").split("+")[0];
const NODE_FLOOR = pkg.engines.node.replace(/^>=/, "");

const COMMANDS = { start: "scripts/start.ts", test: "scripts/test.ts", dev: "scripts/start.ts", lore: "apps/cli/src/main.ts" };

function log(message) {
  process.stderr.write(`\x1b[36m[lore]\x1b[0m ${message}\n`);
}

function fail(message) {
  process.stderr.write(`\x1b[31m[lore] ${message}\x1b[0m\n`);
  process.exit(1);
}

function versionAtLeast(version, floor) {
  const a = version.replace(/^v/, "").split(".").map(Number);
  const b = floor.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Installs one npm package into its own folder under .tools/ (idempotent) and returns that folder. */
function npmInstallTool(folder, spec, marker) {
  const dir = join(TOOLS, folder);
  if (existsSync(join(dir, marker))) return dir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `lore-tool-${folder}`, private: true }));
  log(`installing ${spec} into .tools/${folder} (one time)…`);
  try {
    execFileSync(
      process.platform === "win32" ? "npm.cmd" : "npm",
      ["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error", spec],
      { cwd: dir, stdio: ["ignore", 2, "inherit"] }, // stdout is the CLI's: tools log to stderr
    );
  } catch {
    fail(`could not install ${spec} from the npm registry. Check your network or npm configuration and retry.`);
  }
  if (!existsSync(join(dir, marker))) fail(`${spec} installed, but ${marker} is missing.`);
  return dir;
}

function ensureNode() {
  if (versionAtLeast(process.version, NODE_FLOOR)) return process.execPath;
  const platformPkg = `node-${process.platform}-${process.arch}`;
  const binary = join("node_modules", platformPkg, "bin", process.platform === "win32" ? "node.exe" : "node");
  const dir = npmInstallTool(`node-${NODE_VERSION}`, `${platformPkg}@${NODE_VERSION}`, binary);
  log(`Node ${process.version} is older than ${NODE_FLOOR}; using Node ${NODE_VERSION} from .tools/`);
  return join(dir, binary);
}

function ensurePnpm() {
  const dir = npmInstallTool(`pnpm-${PNPM_VERSION}`, `pnpm@${PNPM_VERSION}`, join("node_modules", "pnpm", "bin", "pnpm.cjs"));
  return join(dir, "node_modules", ".bin");
}

/** Runs a child to its end and resolves to its exit code. `toolOutput`: its stdout goes to stderr (installs, generate). */
function run(command, args, env, { toolOutput = false } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: toolOutput ? ["inherit", 2, "inherit"] : "inherit" });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolvePromise(code ?? (signal ? 130 : 1));
    });
  });
}

function needsInstall() {
  const stamp = join(ROOT, "node_modules", ".modules.yaml");
  const lock = join(ROOT, "pnpm-lock.yaml");
  if (!existsSync(stamp)) return true;
  if (!existsSync(lock)) return true;
  const manifests = ["package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml"].map((f) => statSync(join(ROOT, f)).mtimeMs);
  return Math.max(...manifests) > statSync(stamp).mtimeMs;
}

/** The generated Prisma client is git-ignored: (re)generate it when missing or older than the schema. */
function needsGenerate() {
  const client = join(ROOT, "packages", "db", "src", "generated", "prisma", "client.ts");
  if (!existsSync(client)) return true;
  return statSync(join(ROOT, "prisma", "schema.prisma")).mtimeMs > statSync(client).mtimeMs;
}

async function main() {
  const command = process.argv[2];
  if (!COMMANDS[command]) fail(`usage: node scripts/bootstrap.mjs <${Object.keys(COMMANDS).join("|")}>`);

  const nodeBin = ensureNode();
  const pnpmBin = ensurePnpm();
  const env = {
    ...process.env,
    PATH: [dirname(nodeBin), pnpmBin, join(ROOT, "node_modules", ".bin"), process.env.PATH].join(process.platform === "win32" ? ";" : ":"),
    NEXT_TELEMETRY_DISABLED: "1",
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    npm_config_engine_strict: "false",
  };

  if (needsInstall()) {
    log("installing dependencies with pnpm…");
    const frozen = existsSync(join(ROOT, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
    const code = await run("pnpm", ["install", ...frozen, "--prefer-offline", "--reporter=append-only"], env, { toolOutput: true });
    if (code !== 0) fail("pnpm install failed (see above).");
  }

  if (needsGenerate()) {
    log("generating the Prisma client…");
    const code = await run("pnpm", ["--filter", "@lore/db", "run", "generate"], env, { toolOutput: true });
    if (code !== 0) fail("prisma generate failed (see above).");
  }

  // `node --import tsx` rather than the tsx CLI: one process, so Ctrl-C (SIGINT to the whole process
  // group, plus the one forwarded below) reaches the orchestrator only, and no wrapper force-kills
  // it on the second signal while it is still shutting the database down.
  const args = ["--import", "tsx", COMMANDS[command], ...(command === "dev" ? ["--dev"] : []), ...process.argv.slice(3)];
  if (command === "lore") {
    // The CLI reads the same .env as `npm start` (scripts/lib/processes.ts loadRootEnv; variables already set win),
    // so that it finds the same database. Relative paths on its command line mean the caller's directory: npm and
    // pnpm pass it as INIT_CWD; when this file is run directly, it is this process's own.
    const envFile = join(ROOT, ".env");
    if (existsSync(envFile)) args.unshift(`--env-file=${envFile}`);
    if (env.npm_lifecycle_event !== "lore") Object.assign(env, { INIT_CWD: process.cwd(), npm_lifecycle_event: "lore" });
  }
  process.exit(await run(nodeBin, args, env));
}

main().catch((error) => fail(error?.stack ?? String(error)));
