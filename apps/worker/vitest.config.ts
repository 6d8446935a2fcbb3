import { configDefaults, defineConfig } from "vitest/config";

// Two lanes, as in every package (`vitest run` runs both; `vitest run --project unit` only the first, as `pnpm test:unit`
// does): unit tests (*.test.ts, no database) side by side in the default pool; integration tests (*.int.test.ts) run
// processes on a real embedded Postgres, which is CPU-bound WebAssembly, so they run one file at a time, each in its own process.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts"], exclude: [...configDefaults.exclude, "src/**/*.int.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["src/**/*.int.test.ts"],
          pool: "forks",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
