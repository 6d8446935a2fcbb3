import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
    env: {
      BETTER_AUTH_SECRET: "test-secret-0123456789-abcdefghijklmnop",
      WEB_URL: "http://localhost:3000",
      ADMIN_URL: "http://localhost:3001",
    },
  },
});
