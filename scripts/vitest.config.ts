import { defineConfig } from "vitest/config";

export default defineConfig({
  // Only the scripts' own tests: lib/test-report.test.ts writes a throwaway suite under .test-results/.
  test: { include: ["*.test.ts", "lib/**/*.test.ts"] },
});
