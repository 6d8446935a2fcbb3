import { configDefaults, defineConfig } from "vitest/config";

// Two lanes (`vitest run` runs both; `vitest run --project unit` only the first, as `pnpm test:unit` does).
export default defineConfig({
  test: {
    env: {
      // Tests pass settings explicitly; a developer's shell must not leak into them.
      LORE_SEED_DEMO: "true",
      ADMIN_EMAIL: "",
      ADMIN_PASSWORD: "",
    },
    projects: [
      {
        // *.test.ts: no database, side by side in the default pool.
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts"], exclude: [...configDefaults.exclude, "src/**/*.int.test.ts"] },
      },
      {
        // *.int.test.ts: real PGlite servers. PGlite is CPU-bound WebAssembly: on a 2-core machine, integration files
        // running side by side only slow each other down, so they run one after the other in their own processes.
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
