import { defineLorePlaywrightConfig } from "@lore/playwright/config";

/** End-to-end tests of the admin console; the shared config (tooling/playwright) describes the stack they run against. */
export default defineLorePlaywrightConfig({ app: "admin" });
