// `npm test`: lint, typecheck, unit and integration tests (real PGlite) for every package, then the
// Playwright end-to-end suites of both apps against a real stack in Debian's Chromium.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { childEnv, scriptSettings } from "./lib/env";
import { log, ROOT, runCommand, TURBO_BIN } from "./lib/processes";
import { clearReports, formatFailures, playwrightFailures, VITEST_REPORT, vitestFailures, type FailedTest } from "./lib/test-report";

const settings = scriptSettings();
const env = childEnv({ NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: settings.ci ? "0" : "1" });
const results: { step: string; ok: boolean; seconds: number; note?: string }[] = [];

async function step(name: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  log(`── ${name} ──`);
  const startedAt = performance.now();
  const code = await runCommand(command, args, { cwd: ROOT, env: { ...env, ...extraEnv } });
  results.push({ step: name, ok: code === 0, seconds: (performance.now() - startedAt) / 1000 });
  return code === 0;
}

function findChromium(): string | null {
  const candidates = [settings.chromiumPath, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

/** The workspace's packages (pnpm-workspace.yaml), relative to the repository. */
const packageDirs = [
  "scripts",
  ...["apps", "packages", "tooling"].flatMap((group) =>
    readdirSync(join(ROOT, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, group, entry.name, "package.json")))
      .map((entry) => `${group}/${entry.name}`),
  ),
];
const failedTests: FailedTest[] = [];

const onlyFlag = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const wants = (s: string) => !onlyFlag || onlyFlag.split(",").includes(s);

if (wants("static")) {
  await step("lint + typecheck", TURBO_BIN, ["run", "lint", "typecheck", "--output-logs=errors-only", "--concurrency=2"]);
  // Same check as `pnpm format:check`: fails when a file differs from Prettier's output (fix with `pnpm format`).
  await step("format", join(ROOT, "node_modules/.bin/prettier"), ["--check", "--log-level=warn", "."]);
}
// Integration tests start their own embedded Postgres; one package at a time keeps them fast on 2 cores.
// --continue: a failing package does not stop the others, so one run shows every failure. Vitest also writes a
// JSON report, read below for the list of failed tests that ends the run.
if (wants("unit")) {
  for (const dir of packageDirs) clearReports(ROOT, dir);
  await step("unit + integration tests", TURBO_BIN, [
    "run",
    "test",
    "--concurrency=1",
    "--continue",
    "--output-logs=full",
    "--",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${VITEST_REPORT}`,
  ]);
  // Read now: an app's end-to-end run below starts by clearing the same folder.
  for (const dir of packageDirs) failedTests.push(...vitestFailures(ROOT, dir));
}

if (wants("e2e")) {
  const chromium = findChromium();
  if (!chromium) {
    const message =
      "Chromium not found: end-to-end tests skipped. Install it with `sudo apt-get install chromium` (Debian/Ubuntu) or set CHROMIUM_PATH.";
    if (settings.ci) {
      results.push({ step: "end-to-end tests", ok: false, seconds: 0, note: message });
    } else {
      log(`\x1b[33m${message}\x1b[0m`);
      results.push({ step: "end-to-end tests", ok: true, seconds: 0, note: "skipped: no Chromium" });
    }
  } else {
    for (const app of ["web", "admin"]) {
      clearReports(ROOT, `apps/${app}`);
      await step(
        `end-to-end tests (${app})`,
        TURBO_BIN,
        ["run", "test:e2e", `--filter=@lore/${app}`, "--output-logs=full", "--concurrency=1"],
        {
          CHROMIUM_PATH: chromium,
        },
      );
      failedTests.push(...playwrightFailures(ROOT, `apps/${app}`));
    }
  }
}

const failed = results.filter((r) => !r.ok);
process.stdout.write("\nSummary\n");
for (const r of results)
  process.stdout.write(`  ${r.ok ? "✔" : "✘"} ${r.step} (${r.seconds.toFixed(0)} s)${r.note ? ` — ${r.note}` : ""}\n`);
const flaky = failedTests.filter((t) => t.flaky);
const broken = failedTests.filter((t) => !t.flaky);
if (flaky.length > 0) process.stdout.write(`\nPassed only when retried (${flaky.length}):\n${formatFailures(flaky)}\n`);
if (broken.length > 0) process.stdout.write(`\nFailed tests (${broken.length}):\n${formatFailures(broken)}\n`);
process.stdout.write(`steps: ${results.length - failed.length} passed, ${failed.length} failed\n`);
process.exit(failed.length ? 1 : 0);
