// Test harness: a real embedded Postgres, the real better-auth instance and the real tRPC router,
// driven through the same HTTP handlers the apps mount. Nothing is mocked.
import { TRPCError } from "@trpc/server";
import { beforeAll } from "vitest";
import { useTestDatabase, type TestDatabase } from "@lore/db/testing";
import { createAuth, type SsoConfig } from "../src/auth";
import type { AccountLockoutSettings } from "../src/auth/account-lockout";
import { createCaller, createTRPCContext } from "../src";

export const ORIGIN = "http://localhost:3000";

export interface HarnessOptions {
  allowSignup?: boolean;
  sso?: SsoConfig | null;
  /** Default: off, so tests that sign in wrongly on purpose are not locked out (the lockout's own tests set it). */
  accountLockout?: AccountLockoutSettings | null;
}

/**
 * The harness for the calling test file (or describe block): a fresh database from `useTestDatabase()` (started
 * in beforeAll, stopped in afterAll) with the real auth and router on it. Read its fields inside hooks and tests.
 * `options` may be a function, read in beforeAll, for settings known only once an earlier hook has run (an
 * identity provider's address).
 */
export function useHarness(options: HarnessOptions | (() => HarnessOptions) = {}): Harness {
  const database = useTestDatabase();
  let current: Harness | undefined;
  beforeAll(() => {
    current = harnessOn(database.db, typeof options === "function" ? options() : options);
  });
  const started = (): Harness => {
    if (!current) throw new Error("useHarness(): the harness starts in beforeAll; read it inside a hook or a test.");
    return current;
  };
  return {
    get db() {
      return started().db;
    },
    get url() {
      return started().url;
    },
    get auth() {
      return started().auth;
    },
    authRequest: (...args) => started().authRequest(...args),
    cookiesOf: (...args) => started().cookiesOf(...args),
    createUser: (...args) => started().createUser(...args),
    callerFor: (...args) => started().callerFor(...args),
    withOptions: (...args) => started().withOptions(...args),
  };
}

/** The auth instance, the router and user helpers on a started database. */
function harnessOn(database: TestDatabase, options: HarnessOptions): Harness {
  const auth = createAuth({
    baseURL: ORIGIN,
    db: database.prisma,
    allowSignup: options.allowSignup ?? true,
    sso: options.sso ?? null,
    accountLockout: options.accountLockout ?? null,
  });
  let counter = 0;

  /** Calls a better-auth endpoint through its real request handler. */
  async function authRequest(path: string, init: { method?: string; body?: unknown; cookie?: string; ip?: string } = {}) {
    const headers = new Headers({ origin: ORIGIN, "x-forwarded-for": init.ip ?? "203.0.113.7" });
    if (init.body !== undefined) headers.set("content-type", "application/json");
    if (init.cookie) headers.set("cookie", init.cookie);
    return auth.handler(
      new Request(`${ORIGIN}/api/auth${path}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
    );
  }

  /** Turns a response's Set-Cookie headers into a Cookie request header. */
  function cookiesOf(response: Response): string {
    return response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .filter((c) => !c.endsWith("="))
      .join("; ");
  }

  /** Creates a user with a unique email (and optionally the admin role) and returns a signed-in cookie. */
  async function createUser(role: "employee" | "admin" = "employee") {
    counter += 1;
    const email = `user${counter}-${Date.now()}@test.lore`;
    const password = "correct horse battery staple";
    // A distinct client address per user keeps the sign-up rate limit out of the way of the tests.
    const ip = `198.51.${Math.floor(counter / 250)}.${counter % 250}`;
    const response = await authRequest("/sign-up/email", { body: { email, password, name: `Test User ${counter}` }, ip });
    if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
    const { user } = (await response.json()) as { user: { id: string } };
    if (role === "admin") await database.prisma.user.update({ where: { id: user.id }, data: { role: "admin" } });
    return { id: user.id, email, password, cookie: cookiesOf(response) };
  }

  /** A tRPC caller acting as whoever the cookie belongs to (none = anonymous). */
  async function callerFor(cookie?: string) {
    const headers = new Headers(cookie ? { cookie } : {});
    return createCaller(await createTRPCContext({ headers, auth, db: database.prisma }));
  }

  /** The same database with auth built from other options (another SSO policy, say). */
  function withOptions(other: HarnessOptions): Harness {
    return harnessOn(database, other);
  }

  return { db: database.prisma, url: database.url, auth, authRequest, cookiesOf, createUser, callerFor, withOptions };
}

export interface Harness {
  db: TestDatabase["prisma"];
  url: string;
  auth: ReturnType<typeof createAuth>;
  authRequest(path: string, init?: { method?: string; body?: unknown; cookie?: string; ip?: string }): Promise<Response>;
  cookiesOf(response: Response): string;
  createUser(role?: "employee" | "admin"): Promise<{ id: string; email: string; password: string; cookie: string }>;
  callerFor(cookie?: string): Promise<ReturnType<typeof createCaller>>;
  withOptions(options: HarnessOptions): Harness;
}

/** Awaits a call and returns its tRPC error code (null when it succeeded). */
export async function errorCode(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}
