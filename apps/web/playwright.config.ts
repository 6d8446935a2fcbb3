import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests of the employee app against a real stack: scripts/e2e-stack.ts starts an embedded
 * Postgres (migrated, demo data seeded) and both apps with `next start`. Browsers come from the OS
 * (Debian's Chromium); `playwright install` is not needed and does not work offline.
 */
const webURL = process.env.E2E_WEB_URL ?? "http://127.0.0.1:3100";
const adminURL = process.env.E2E_ADMIN_URL ?? "http://127.0.0.1:3101";
const ci = !!process.env.CI;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  forbidOnly: ci,
  retries: ci ? 2 : 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: ci ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: webURL,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node ../../node_modules/tsx/dist/cli.mjs ../../scripts/e2e-stack.ts",
    // The stack reports ready once both apps answer; the admin app starts last.
    url: `${adminURL}/api/health`,
    reuseExistingServer: !ci,
    // A cold start builds both apps.
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
  },
});
