// Plain JavaScript: vitest loads an app's vitest.config.ts with Node, which cannot import TypeScript from a linked package.
import { fileURLToPath, URL } from "node:url";

import { configDefaults, defineConfig } from "vitest/config";

/**
 * The two test lanes, as Vitest projects (the same as in the packages' own vitest.config.ts): `unit`, the
 * `*.test.ts(x)` files beside the code, side by side in the default pool (`vitest run --project unit`, what
 * `pnpm test:unit` runs); and `int`, the `*.int.test.ts(x)` files, which may start an embedded Postgres and so run
 * one at a time, each in its own process. `vitest run` runs both.
 *
 * @returns {import("vitest/config").TestProjectInlineConfiguration[]}
 */
export function testLanes() {
  const int = ["src/**/*.int.test.{ts,tsx}"];
  return [
    { extends: true, test: { name: "unit", include: ["src/**/*.test.{ts,tsx}"], exclude: [...configDefaults.exclude, ...int] } },
    {
      extends: true,
      test: { name: "int", include: int, pool: "forks", fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000 },
    },
  ];
}

/**
 * An app's vitest.config.ts: `createAppVitestConfig(import.meta.url)`. Unit tests sit beside the code in
 * src/ (with the app's `~/` alias), in the lanes of {@link testLanes}; the Playwright suites in e2e/ run with
 * `test:e2e`.
 *
 * @param {string} configUrl the app's vitest.config.ts `import.meta.url`
 */
export function createAppVitestConfig(configUrl) {
  return defineConfig({
    resolve: {
      alias: { "~": fileURLToPath(new URL("./src", configUrl)) },
    },
    test: {
      environment: "node",
      projects: testLanes(),
    },
  });
}
