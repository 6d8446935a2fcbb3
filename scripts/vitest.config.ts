import { configDefaults, defineConfig } from "vitest/config";

// Only the scripts' own tests: lib/test-report.test.ts writes a throwaway suite under .test-results/.
// Two lanes, as in every package (`vitest run` runs both; `vitest run --project unit` only the first, as `pnpm test:unit`
// does); there are no integration tests (*.int.test.ts) here yet.
const int = ["*.int.test.ts", "lib/**/*.int.test.ts"];
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // Its tests each run a real Vitest or Playwright (4–5 s here, and more on a busy machine): above Vitest's 5 s default.
        test: {
          name: "unit",
          include: ["*.test.ts", "lib/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...int],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: "int", include: int, pool: "forks", fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
