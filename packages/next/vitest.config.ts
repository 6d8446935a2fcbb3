import { defineConfig } from "vitest/config";
import { testLanes } from "./src/vitest-config.js";

// The same two lanes as the apps (`unit` and `int`; see src/vitest-config.js).
export default defineConfig({ test: { projects: testLanes() } });
