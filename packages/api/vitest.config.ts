import { configDefaults, defineConfig } from "vitest/config";

// Two lanes (`vitest run` runs both; `vitest run --project unit` only the first, as `pnpm test:unit` does):
// unit tests (*.test.ts, no database) run side by side in the default pool; integration tests (*.int.test.ts) each
// start an embedded Postgres, which is CPU-bound WebAssembly, so they run one file at a time, each in its own process.
export default defineConfig({
  test: {
    env: {
      BETTER_AUTH_SECRET: "test-secret-0123456789-abcdefghijklmnop",
      WEB_URL: "http://localhost:3000",
      ADMIN_URL: "http://localhost:3001",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "src/**/*.int.test.ts", "test/**/*.int.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["src/**/*.int.test.ts", "test/**/*.int.test.ts"],
          pool: "forks",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
