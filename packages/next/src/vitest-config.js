// Plain JavaScript: vitest loads an app's vitest.config.ts with Node, which cannot import TypeScript from a linked package.
import { fileURLToPath, URL } from "node:url";

import { defineConfig } from "vitest/config";

/**
 * An app's vitest.config.ts: `createAppVitestConfig(import.meta.url)`. Unit tests sit beside the code in
 * src/ (with the app's `~/` alias); the Playwright suites in e2e/ run with `test:e2e`.
 *
 * @param {string} configUrl the app's vitest.config.ts `import.meta.url`
 */
export function createAppVitestConfig(configUrl) {
  return defineConfig({
    resolve: {
      alias: { "~": fileURLToPath(new URL("./src", configUrl)) },
    },
    test: {
      include: ["src/**/*.test.{ts,tsx}"],
      environment: "node",
    },
  });
}
