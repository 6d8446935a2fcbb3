/**
 * What the end-to-end suites read from the environment (documented in the repository's .env.example).
 * scripts/e2e-stack.ts starts both apps on these URLs.
 */
export const WEB_URL = process.env.E2E_WEB_URL ?? "http://127.0.0.1:3100";
export const ADMIN_URL = process.env.E2E_ADMIN_URL ?? "http://127.0.0.1:3101";
/**
 * A second instance of the employee app, on the same database, whose model is the stack's fake OpenAI-compatible
 * server (scripts/e2e-fake-model.ts: tests steer it with markers in their questions). The instance on WEB_URL stays on the
 * offline extractive default.
 */
export const WEB_LLM_URL = process.env.E2E_WEB_LLM_URL ?? "http://127.0.0.1:3102";
export const CI = !!process.env.CI;
/** Browsers come from the OS (Debian's Chromium); `playwright install` is not needed and does not work offline. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
