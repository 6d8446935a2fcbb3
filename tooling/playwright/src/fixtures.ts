import { randomUUID } from "node:crypto";

import { test as base, expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";

import { ADMIN_URL, WEB_LLM_URL, WEB_URL } from "./env";

export { ADMIN_URL, WEB_LLM_URL, WEB_URL };

/** Seeded by the e2e stack (scripts/e2e-stack.ts). Tests use it read-only: they never change it. */
export const DEMO_ADMIN = { email: "admin@lore.local", password: "lore-admin-demo" } as const;

/**
 * Headers of every API call the fixtures make: the app's origin (the auth and tRPC CSRF checks want it), and a
 * fresh connection per call. Playwright's request contexts pool keep-alive sockets and ignore the server's
 * advertised keep-alive timeout (5 s for Next's Node server; microsoft/playwright#42701): a call made after a
 * longer idle spell, as the worker-scoped admin context makes between tests, could be sent on a socket the
 * server was closing and fail with ECONNRESET.
 */
function apiHeaders(origin: string): Record<string, string> {
  return { origin, connection: "close" };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
}

/** Signs a browser context in through the API (its cookies then hold the session for both apps). */
async function signInViaApiAt(
  origin: string,
  context: BrowserContext | { request: APIRequestContext },
  user: Pick<TestUser, "email" | "password">,
) {
  const response = await context.request.post(`${origin}/api/auth/sign-in/email`, {
    data: { email: user.email, password: user.password },
    headers: apiHeaders(origin),
  });
  expect(response.ok(), `sign-in failed: ${response.status()} ${await response.text()}`).toBe(true);
}

/**
 * Creates a fresh employee, unique to the test, through the admin procedure the console uses (audited), as the
 * demo admin, rather than by self sign-up, whose per-minute limit a parallel suite would exceed.
 */
async function createUser(adminRequest: APIRequestContext, label: string): Promise<TestUser> {
  const id = randomUUID().slice(0, 8);
  const credentials = { email: `e2e-${id}@lore.test`, password: `pw-${randomUUID()}`, name: `${label} ${id}` };
  const created = await trpcCall(adminRequest, WEB_URL, "admin.users.create", { ...credentials, role: "employee" });
  expect(created.status, `creating a user failed: ${created.status} ${created.errorCode}`).toBe(200);
  return { ...credentials, id: (created.data as { id: string }).id };
}

/** Calls a tRPC procedure over HTTP (superjson envelope) with the request context's cookies. */
export async function trpcCall(
  request: APIRequestContext,
  origin: string,
  path: string,
  input?: unknown,
  kind: "query" | "mutation" = "mutation",
): Promise<{ status: number; data: unknown; errorCode: string | null }> {
  const response =
    kind === "query"
      ? await request.get(`${origin}/api/trpc/${path}`, {
          params: input === undefined ? {} : { input: JSON.stringify({ json: input }) },
          headers: apiHeaders(origin),
        })
      : await request.post(`${origin}/api/trpc/${path}`, {
          data: { json: input ?? null },
          headers: apiHeaders(origin),
        });
  const body = (await response.json()) as {
    result?: { data?: { json?: unknown } };
    error?: { json?: { data?: { code?: string } } };
  };
  return {
    status: response.status(),
    data: body.result?.data?.json,
    errorCode: body.error?.json?.data?.code ?? null,
  };
}

/** Collects console errors and uncaught exceptions (CSP violations are reported as console errors). */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

interface TestFixtures {
  /** Creates another fresh employee account (not signed in). */
  makeUser: (label?: string) => Promise<TestUser>;
  /** A fresh employee account for this test (not signed in). */
  employee: TestUser;
  /** A page whose context is signed in as `employee`. */
  employeePage: Page;
  /** A page whose context is signed in as the seeded demo admin. */
  adminPage: Page;
}

interface WorkerFixtures {
  /** An API client signed in as the demo admin, outside any browser context. */
  adminRequest: APIRequestContext;
}

/**
 * The fixtures for one app's suite. `appUrl` is the app under test: `signInViaApi` signs in there unless
 * told another origin. Accounts are always created through the employee app's auth API.
 */
export function createLoreTest({ appUrl }: { appUrl: string }) {
  /** Signs a browser context in through the API (its cookies then hold the session for both apps). */
  function signInViaApi(
    context: BrowserContext | { request: APIRequestContext },
    user: Pick<TestUser, "email" | "password">,
    origin = appUrl,
  ) {
    return signInViaApiAt(origin, context, user);
  }

  const test = base.extend<TestFixtures, WorkerFixtures>({
    adminRequest: [
      async ({ playwright }, provide) => {
        const request = await playwright.request.newContext();
        await signInViaApiAt(WEB_URL, { request }, DEMO_ADMIN);
        await provide(request);
        await request.dispose();
      },
      { scope: "worker" },
    ],
    makeUser: async ({ adminRequest }, provide) => {
      await provide((label = "Employee") => createUser(adminRequest, label));
    },
    employee: async ({ makeUser }, provide) => {
      await provide(await makeUser());
    },
    employeePage: async ({ page, context, employee }, provide) => {
      await signInViaApi(context, employee);
      await provide(page);
    },
    adminPage: async ({ page, context }, provide) => {
      await signInViaApi(context, DEMO_ADMIN);
      await provide(page);
    },
  });

  return { test, signInViaApi };
}

export { expect };
