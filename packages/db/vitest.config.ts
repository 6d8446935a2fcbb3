import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // PGlite is CPU-bound WebAssembly: on a 2-core machine, integration files running side by side
    // only slow each other down, so they run one after the other in their own processes.
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: {
      // Tests pass settings explicitly; a developer's shell must not leak into them.
      LORE_SEED_DEMO: "true",
      ADMIN_EMAIL: "",
      ADMIN_PASSWORD: "",
    },
  },
});
