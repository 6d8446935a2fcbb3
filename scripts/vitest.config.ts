import { defineConfig } from "vitest/config";

export default defineConfig({
  // Only the scripts' own tests: lib/test-report.test.ts writes a throwaway suite under .test-results/.
  // Its tests each run a real Vitest or Playwright (4–5 s here, and more on a busy machine): above Vitest's 5 s default.
  test: { include: ["*.test.ts", "lib/**/*.test.ts"], testTimeout: 60_000 },
});
