import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clearReports,
  formatFailures,
  playwrightFailures,
  PLAYWRIGHT_REPORT,
  REPORT_DIR,
  VITEST_REPORT,
  vitestFailures,
} from "./test-report";

// The reports are written by the real Vitest and Playwright, run on a small suite with a failing test, so a
// change in either reporter's format fails here rather than silently emptying the list at the end of `npm test`.
const require = createRequire(import.meta.url);
const scriptsDir = join(dirname(fileURLToPath(import.meta.url)), "..");
let root: string;
let suite: string;

function run(bin: string, args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: join(root, suite),
    encoding: "utf8",
    env: { ...process.env, CI: "", FORCE_COLOR: "0" },
  });
  // Both exit 1 because a test fails; anything else means the suite did not run.
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(1);
}

beforeAll(() => {
  // Inside the scripts package (in its git-ignored report folder), so the suite's imports of vitest and
  // @playwright/test resolve to the versions the workspace uses.
  mkdirSync(join(scriptsDir, REPORT_DIR), { recursive: true });
  root = mkdtempSync(join(scriptsDir, REPORT_DIR, "fixture-"));
  suite = "suite";
  const dir = join(root, suite);
  mkdirSync(dir);
  writeFileSync(
    join(dir, "sample.test.mjs"),
    `import { describe, expect, it } from "vitest";
describe("group", () => {
  it("passes", () => expect(1).toBe(1));
  it("fails", () => expect(1, "one is not two").toBe(2));
});\n`,
  );
  writeFileSync(join(dir, "broken.test.mjs"), `throw new Error("this file cannot load");\n`);
  writeFileSync(join(dir, "vitest.config.mjs"), `export default { test: { include: ["*.test.mjs"] } };\n`);
  writeFileSync(
    join(dir, "sample.spec.mjs"),
    `import { expect, test } from "@playwright/test";
test.describe("group", () => {
  test("passes", () => expect(1).toBe(1));
  test("fails", () => expect(1, "one is not two").toBe(2));
  test("fails once", () => expect(test.info().retry, "the first attempt fails").toBe(1));
});\n`,
  );
  writeFileSync(
    join(dir, "playwright.config.mjs"),
    `export default { testDir: ".", testMatch: "*.spec.mjs", retries: 1, reporter: [["json", { outputFile: "${PLAYWRIGHT_REPORT}" }]] };\n`,
  );
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("the failed-test list", () => {
  it("names each failed Vitest test with its message, and a file that failed to load", () => {
    run(join(dirname(require.resolve("vitest/package.json")), "vitest.mjs"), [
      "run",
      "--reporter=json",
      `--outputFile.json=${VITEST_REPORT}`,
    ]);
    const failures = vitestFailures(root, suite);
    expect(failures.map(({ where, file, title }) => ({ where, file, title })).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { where: suite, file: "broken.test.mjs", title: "" },
      { where: suite, file: "sample.test.mjs", title: "group › fails" },
    ]);
    expect(failures.find((f) => f.file === "sample.test.mjs")!.message).toContain("one is not two");
    expect(failures.find((f) => f.file === "sample.test.mjs")!.message).not.toContain("node_modules"); // the runner's own frames
    expect(failures.find((f) => f.file === "broken.test.mjs")!.message).toContain("this file cannot load");
  });

  it("names each failed Playwright test with its message, and the tests that passed only when retried", () => {
    run(join(dirname(require.resolve("@playwright/test/package.json")), "cli.js"), ["test", "--config=playwright.config.mjs"]);
    const failures = playwrightFailures(root, suite);
    expect(
      failures.map(({ where, file, title, flaky }) => ({ where, file, title, flaky })).sort((a, b) => a.title.localeCompare(b.title)),
    ).toEqual([
      { where: suite, file: "sample.spec.mjs", title: "group › fails", flaky: undefined },
      { where: suite, file: "sample.spec.mjs", title: "group › fails once", flaky: true },
    ]);
    expect(failures.find((f) => f.title === "group › fails")!.message).toContain("one is not two");
    expect(failures.find((f) => f.flaky)!.message).toContain("the first attempt fails");
  });

  it("prints one entry a failure, and finds nothing once the reports are cleared", () => {
    const text = formatFailures([...vitestFailures(root, suite), ...playwrightFailures(root, suite)]);
    expect(text).toContain(`  ✘ ${suite} › sample.test.mjs › group › fails\n      `);
    expect(text).toContain(`  ✘ ${suite} › sample.spec.mjs › group › fails\n      `);
    expect(text).toContain(`  ~ ${suite} › sample.spec.mjs › group › fails once (passed when retried)\n      `);
    expect(text).not.toContain("\x1b[");
    clearReports(root, suite);
    expect(existsSync(join(root, suite, REPORT_DIR))).toBe(false);
    expect(vitestFailures(root, suite)).toEqual([]);
    expect(playwrightFailures(root, suite)).toEqual([]);
  });
});
