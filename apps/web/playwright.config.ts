import { defineLorePlaywrightConfig } from "@lore/playwright/config";

/** End-to-end tests of the employee app; the shared config (tooling/playwright) describes the stack they run against. */
export default defineLorePlaywrightConfig({ app: "web" });
