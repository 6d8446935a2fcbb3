import { createAppVitestConfig } from "@lore/next/vitest-config";

export default createAppVitestConfig(import.meta.url);
