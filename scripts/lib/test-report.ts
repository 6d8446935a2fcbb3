// The failed tests of a `npm test` run, read from the JSON reports Vitest and Playwright write next to their
// usual output, so the run can end with a short list of what failed. A long run's log is thousands of lines
// (and CI systems often keep only its end): without the list, one failure in the first package is buried under
// every later package's output.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

/** Where each package writes its reports, relative to the package (git-ignored). */
export const REPORT_DIR = ".test-results";
/** Vitest's report in {@link REPORT_DIR}, written through `--reporter=json --outputFile.json=…`. */
export const VITEST_REPORT = `${REPORT_DIR}/vitest.json`;
/** Playwright's report in {@link REPORT_DIR}, written by the `json` reporter of the shared config (tooling/playwright). */
export const PLAYWRIGHT_REPORT = `${REPORT_DIR}/playwright.json`;

export interface FailedTest {
  /** The package directory, relative to the repository (e.g. packages/core). */
  where: string;
  /** The test file, relative to the package. */
  file: string;
  /** Describe blocks and the test's title, joined with › (empty when the file itself failed to run). */
  title: string;
  /** The first lines of the failure. */
  message: string;
  /** Failed, then passed when retried (Playwright retries on CI): not a failure of the run, but worth a look. */
  flaky?: boolean;
}

const MESSAGE_LINES = 6;

function firstLines(text: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes in the reporters' messages
  const plain = (text ?? "").replace(/\x1b\[[0-9;]*m/g, "");
  // Stack frames inside the test runners and Node itself say nothing about the failure.
  const noise = (line: string) => line.trim() === "" || (/^\s*at /.test(line) && /node_modules|node:internal|\(<anonymous>\)/.test(line));
  return plain
    .split("\n")
    .filter((line) => !noise(line))
    .slice(0, MESSAGE_LINES)
    .join("\n");
}

/** The parts of Vitest's JSON report read here (the Jest-compatible format of its `json` reporter). */
interface VitestReport {
  testResults?: {
    name: string;
    status: string;
    message?: string;
    assertionResults?: { ancestorTitles?: string[]; title: string; status: string; failureMessages?: string[] }[];
  }[];
}

/** The parts of Playwright's JSON report read here. */
interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: { title: string; file?: string; tests?: { status: string; results?: { status: string; error?: { message?: string } }[] }[] }[];
  suites?: PlaywrightSuite[];
}
interface PlaywrightReport {
  suites?: PlaywrightSuite[];
  errors?: { message?: string }[];
}

function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** The failures in a package's Vitest report; a report that is missing or unreadable gives none. */
export function vitestFailures(root: string, packageDir: string): FailedTest[] {
  const report = readJson<VitestReport>(join(root, packageDir, VITEST_REPORT));
  const failures: FailedTest[] = [];
  for (const file of report?.testResults ?? []) {
    const name = relative(join(root, packageDir), file.name);
    const failed = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    for (const test of failed) {
      failures.push({
        where: packageDir,
        file: name,
        title: [...(test.ancestorTitles ?? []), test.title].join(" › "),
        message: firstLines(test.failureMessages?.[0]),
      });
    }
    // A file that failed outside its tests (an import error, a failing hook) has a message of its own.
    if (file.status === "failed" && failed.length === 0)
      failures.push({ where: packageDir, file: name, title: "", message: firstLines(file.message) });
  }
  return failures;
}

/**
 * The failures in a package's Playwright report: tests whose final outcome is unexpected, and run errors; and
 * the tests that passed only on a retry (`flaky`, with the first attempt's error).
 */
export function playwrightFailures(root: string, packageDir: string): FailedTest[] {
  const report = readJson<PlaywrightReport>(join(root, packageDir, PLAYWRIGHT_REPORT));
  const failures: FailedTest[] = [];
  const walk = (suite: PlaywrightSuite, titles: string[], file: string) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== "unexpected" && test.status !== "flaky") continue;
        const flaky = test.status === "flaky";
        const shown = flaky ? test.results?.find((r) => r.status !== "passed") : test.results?.at(-1);
        failures.push({
          where: packageDir,
          file: spec.file ?? file,
          title: [...titles, spec.title].join(" › "),
          message: firstLines(shown?.error?.message ?? shown?.status),
          ...(flaky ? { flaky } : {}),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title], child.file ?? file);
  };
  // Top-level suites are files; their titles are the file names, which the entry already shows.
  for (const suite of report?.suites ?? []) walk(suite, [], suite.file ?? suite.title);
  for (const error of report?.errors ?? []) failures.push({ where: packageDir, file: "", title: "", message: firstLines(error.message) });
  return failures;
}

/** Removes a package's reports, so a run never lists an earlier run's failures. */
export function clearReports(root: string, packageDir: string): void {
  rmSync(join(root, packageDir, REPORT_DIR), { recursive: true, force: true });
}

/** The list printed at the end of a run. */
export function formatFailures(failures: FailedTest[]): string {
  return failures
    .map((f) => {
      const head = [f.where, f.file, f.title].filter((part) => part !== "").join(" › ");
      const body = f.message === "" ? "" : `\n${f.message.replace(/^/gm, "      ")}`;
      return f.flaky ? `  ~ ${head} (passed when retried)${body}` : `  ✘ ${head}${body}`;
    })
    .join("\n");
}
