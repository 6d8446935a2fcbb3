import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

// Unit tests sit beside the code in src/. The Playwright suites in e2e/ run with `test:e2e`.
export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "node",
  },
});
