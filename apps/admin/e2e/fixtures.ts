import { ADMIN_URL, createLoreTest } from "@lore/playwright/fixtures";

// The shared fixtures (tooling/playwright), bound to this app.
export const { test, signInViaApi } = createLoreTest({ appUrl: ADMIN_URL });
export { ADMIN_URL, collectConsoleErrors, DEMO_ADMIN, expect, trpcCall, WEB_URL, type TestUser } from "@lore/playwright/fixtures";
