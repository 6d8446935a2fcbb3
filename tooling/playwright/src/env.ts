/**
 * What the end-to-end suites read from the environment (documented in the repository's .env.example).
 * scripts/e2e-stack.ts starts both apps on these URLs.
 */
export const WEB_URL = process.env.E2E_WEB_URL ?? "http://127.0.0.1:3100";
export const ADMIN_URL = process.env.E2E_ADMIN_URL ?? "http://127.0.0.1:3101";
export const CI = !!process.env.CI;
/** Browsers come from the OS (Debian's Chromium); `playwright install` is not needed and does not work offline. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
