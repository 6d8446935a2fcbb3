import { defineConfig, devices } from "@playwright/test";

import { ADMIN_URL, CHROMIUM_PATH, CI, WEB_LLM_URL, WEB_URL } from "./env";

export interface LorePlaywrightOptions {
  /** The app under test: its URL becomes `baseURL`. */
  app: "web" | "admin";
}

/**
 * The Playwright config shared by both apps' suites. They run against a real stack: scripts/e2e-stack.ts
 * starts an embedded Postgres (migrated, demo data seeded) and both apps with `next start`. Each app's
 * playwright.config.ts only names itself; the config is resolved relative to that app's folder.
 */
export function defineLorePlaywrightConfig({ app }: LorePlaywrightOptions) {
  return defineConfig({
    testDir: "./e2e",
    fullyParallel: true,
    forbidOnly: CI,
    retries: CI ? 2 : 0,
    workers: 2,
    timeout: 30_000,
    expect: { timeout: 10_000 },
    // The JSON report (in the app's git-ignored .test-results/) is what `npm test` reads to end its run with a
    // list of the failed tests (scripts/lib/test-report.ts).
    reporter: [["list"], ...(CI ? [["html", { open: "never" }] as const] : []), ["json", { outputFile: ".test-results/playwright.json" }]],
    use: {
      baseURL: app === "web" ? WEB_URL : ADMIN_URL,
      trace: "on-first-retry",
      screenshot: "only-on-failure",
    },
    projects: [
      {
        name: "chromium",
        use: {
          ...devices["Desktop Chrome"],
          launchOptions: {
            executablePath: CHROMIUM_PATH,
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
      command: "node --import tsx ../../scripts/e2e-stack.ts",
      // The stack reports ready once every app answers; the model-backed web instance starts last.
      url: `${WEB_LLM_URL}/api/health`,
      reuseExistingServer: !CI,
      // A cold start builds both apps.
      timeout: 600_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    },
  });
}
