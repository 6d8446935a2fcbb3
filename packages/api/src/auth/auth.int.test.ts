// Sign-up, sign-in, sign-out, rate limiting and OpenID Connect single sign-on, through better-auth's
// real request handler on a real database. The identity provider is a local fake speaking OIDC over HTTP.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useHarness, type Harness } from "../../test/harness";
import type { SsoConfig } from ".";

describe("email and password", () => {
  const h = useHarness();

  it("signs up, signs in, reads the session and signs out", async () => {
    const user = await h.createUser();
    const stored = await h.db.account.findFirstOrThrow({ where: { userId: user.id, providerId: "credential" } });
    expect(stored.password).not.toContain(user.password);
    expect(await verifyPassword({ hash: stored.password!, password: user.password })).toBe(true);
    expect((await h.db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("employee");

    const signIn = await h.authRequest("/sign-in/email", { body: { email: user.email, password: user.password }, ip: "192.0.2.10" });
    expect(signIn.status).toBe(200);
    const cookie = h.cookiesOf(signIn);
    expect(signIn.headers.getSetCookie().join("\n")).toMatch(/HttpOnly/i);
    expect(signIn.headers.getSetCookie().join("\n")).toMatch(/SameSite=Lax/i);

    const session = await (await h.authRequest("/get-session", { cookie })).json();
    expect(session).toMatchObject({ user: { email: user.email, role: "employee" } });
    expect(await h.db.auditLog.count({ where: { action: "auth.sign_in", actorId: user.id } })).toBeGreaterThanOrEqual(1);

    const signOut = await h.authRequest("/sign-out", { method: "POST", body: {}, cookie });
    expect(signOut.status).toBe(200);
    expect(await (await h.authRequest("/get-session", { cookie })).json()).toBeNull();
  });

  it("refuses a wrong password without saying whether the account exists", async () => {
    const user = await h.createUser();
    const wrong = await h.authRequest("/sign-in/email", { body: { email: user.email, password: "not the password" }, ip: "192.0.2.11" });
    const unknown = await h.authRequest("/sign-in/email", {
      body: { email: "nobody@test.lore", password: "not the password" },
      ip: "192.0.2.11",
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).message).toBe((await unknown.json()).message);
  });

  it("cannot choose its own role at sign-up", async () => {
    const response = await h.authRequest("/sign-up/email", {
      body: { email: `sneaky-${Date.now()}@test.lore`, password: "correct horse battery staple", name: "Sneaky", role: "admin" },
      ip: "192.0.2.12",
    });
    if (response.ok) {
      const { user } = await response.json();
      expect((await h.db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("employee");
    } else {
      expect(response.status).toBe(400);
    }
  });

  it("rate-limits repeated sign-in attempts from one address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await h.authRequest("/sign-in/email", {
        body: { email: "victim@test.lore", password: `guess-${i}-guess` },
        ip: "192.0.2.99",
      });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another address is unaffected.
    const other = await h.authRequest("/sign-in/email", {
      body: { email: "victim@test.lore", password: "guess-x-guess" },
      ip: "192.0.2.100",
    });
    expect(other.status).toBe(401);
  });

  it("rejects cross-site requests (CSRF): an untrusted Origin cannot sign in", async () => {
    const user = await h.createUser();
    const response = await h.auth.handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: {
          origin: "https://evil.example",
          "content-type": "application/json",
          cookie: "lore.session_token=x",
          "x-forwarded-for": "192.0.2.13",
        },
        body: JSON.stringify({ email: user.email, password: user.password }),
      }),
    );
    expect(response.status).toBe(403);
  });
});

describe("sign-up can be closed", () => {
  const h = useHarness({ allowSignup: false });

  it("refuses self-service sign-up when AUTH_ALLOW_SIGNUP is off", async () => {
    const response = await h.authRequest("/sign-up/email", {
      body: { email: "new@test.lore", password: "correct horse battery staple", name: "New" },
    });
    expect(response.ok).toBe(false);
    expect(await h.db.user.count({ where: { email: "new@test.lore" } })).toBe(0);
  });
});

describe("a limit per account on failed sign-ins", () => {
  const h = useHarness({ accountLockout: { maxFailures: 3, lockMinutes: 15 } });

  it("locks an account after repeated failures from rotating addresses, with the same words for unknown emails", async () => {
    const user = await h.createUser();
    const attempt = (email: string, password: string, i: number) =>
      h.authRequest("/sign-in/email", { body: { email, password }, ip: `203.0.113.${i}` });

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt(user.email, `wrong-guess-${i}`, i)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Locked: even the right password, from yet another address, is refused until the lock ends.
    const locked = await attempt(user.email, user.password, 50);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    const lockedBody = (await locked.json()) as { code: string; message: string };
    expect(lockedBody.code).toBe("ACCOUNT_LOCKED");
    expect(lockedBody.message).toMatch(/^Too many failed sign-ins for this email address\. Try again in 15 minutes/);

    // An email nobody has is locked the same way, with the same words: the lock reveals no account.
    for (let i = 0; i < 3; i++) await attempt("nobody-here@test.lore", `wrong-guess-${i}`, 100 + i);
    const unknown = await attempt("nobody-here@test.lore", "whatever-it-is", 110);
    expect(unknown.status).toBe(429);
    expect(((await unknown.json()) as { message: string }).message).toBe(lockedBody.message);

    // Once the lock has run out, the right password signs in and clears the count.
    await h.db.rateLimit.updateMany({
      where: { key: { startsWith: "lore:sign-in-failures:" } },
      data: { lastRequest: BigInt(Date.now() - 16 * 60_000) },
    });
    expect((await attempt(user.email, user.password, 60)).status).toBe(200);
    expect((await attempt(user.email, "wrong-again-0", 61)).status).toBe(401);
    expect((await attempt(user.email, "wrong-again-1", 62)).status).toBe(401);
    expect((await attempt(user.email, user.password, 63)).status).toBe(200);
  });
});

describe("the admin plugin's own endpoints", () => {
  const h = useHarness();

  it("are not served: users change only through Lore's audited procedures", async () => {
    const admin = await h.createUser("admin");
    const target = await h.createUser();
    const calls: Array<[string, unknown]> = [
      ["/admin/impersonate-user", { userId: target.id }],
      ["/admin/set-user-password", { userId: target.id, newPassword: "a brand new password" }],
      ["/admin/set-role", { userId: target.id, role: "admin" }],
      ["/admin/remove-user", { userId: target.id }],
      ["/admin/ban-user", { userId: target.id }],
      ["/admin/create-user", { email: "made@test.lore", password: "a brand new password", name: "Made" }],
    ];
    for (const [path, body] of calls) {
      const response = await h.authRequest(path, { body, cookie: admin.cookie });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    const listed = await h.authRequest("/admin/list-users", { cookie: admin.cookie });
    expect(listed.status).toBe(404);
    const unchanged = await h.db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(unchanged).toMatchObject({ role: "employee", banned: false });
    expect(await h.db.session.count({ where: { userId: target.id, impersonatedBy: { not: null } } })).toBe(0);
  });
});

describe("OpenID Connect single sign-on", () => {
  let idp: Server;
  let issuer = "";
  const tokenRequests: URLSearchParams[] = [];
  /** What the identity provider says about the person signing in (changed by each test). */
  let profile: Record<string, unknown> = {};

  beforeAll(async () => {
    // A minimal OIDC provider: discovery, token and userinfo endpoints.
    idp = createServer((req, res) => {
      const url = new URL(req.url ?? "/", issuer);
      const json = (body: unknown) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === "/.well-known/openid-configuration") {
        return json({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
        });
      }
      if (url.pathname === "/token") {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          tokenRequests.push(new URLSearchParams(body));
          json({ access_token: "idp-access-token", token_type: "Bearer", expires_in: 3600, scope: "openid email profile" });
        });
        return;
      }
      if (url.pathname === "/userinfo") {
        if (req.headers.authorization !== "Bearer idp-access-token") {
          res.writeHead(401).end();
          return;
        }
        return json(profile);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => idp.listen(0, "127.0.0.1", r));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    idp?.close();
  });

  const sso = (overrides: Partial<SsoConfig> = {}): SsoConfig => ({
    issuer,
    clientId: "lore",
    clientSecret: "s3cret",
    scopes: ["openid", "email", "profile"],
    allowedDomains: ["corp.example"],
    groupsClaim: "groups",
    createUsers: true,
    linkExistingAccounts: false,
    ...overrides,
  });
  // After the identity provider's hook, which gives it its address (and, hooks running in reverse, stopped before it).
  const h = useHarness(() => ({ allowSignup: false, sso: sso() }));

  let signIns = 0;
  /** Signs in through the provider as `person` (from an address of its own); returns the callback's response. */
  async function ssoSignIn(harness: Harness, person: Record<string, unknown>) {
    profile = { email_verified: true, name: "Sso Person", ...person };
    const ip = `192.0.2.${++signIns}`;
    const start = await harness.authRequest("/sign-in/social", { body: { provider: "sso", callbackURL: "/" }, ip });
    expect(start.status).toBe(200);
    const { url } = (await start.json()) as { url: string };
    const state = new URL(url).searchParams.get("state")!;
    return harness.authRequest(`/callback/sso?code=the-code&state=${encodeURIComponent(state)}`, { cookie: harness.cookiesOf(start), ip });
  }

  it("creates the user on first SSO login, with the employee role, even when self sign-up is closed", async () => {
    const start = await h.authRequest("/sign-in/social", { body: { provider: "sso", callbackURL: "/" } });
    expect(start.status).toBe(200);
    const { url } = (await start.json()) as { url: string };
    const authorize = new URL(url);
    expect(authorize.origin + authorize.pathname).toBe(`${issuer}/authorize`);
    expect(authorize.searchParams.get("client_id")).toBe("lore");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");

    const callback = await ssoSignIn(h, { sub: "idp-user-42", email: "sso.person@corp.example" });
    expect(callback.status).toBe(302);
    expect(tokenRequests.at(-1)?.get("code")).toBe("the-code");
    expect(tokenRequests.at(-1)?.get("code_verifier")).toBeTruthy();

    const user = await h.db.user.findUniqueOrThrow({ where: { email: "sso.person@corp.example" } });
    expect(user.role).toBe("employee");
    const session = await (await h.authRequest("/get-session", { cookie: h.cookiesOf(callback) })).json();
    expect(session).toMatchObject({ user: { email: "sso.person@corp.example" } });
  });

  it("refuses an account of a domain outside OIDC_ALLOWED_DOMAINS: no user, no session, back to the sign-in page", async () => {
    const callback = await ssoSignIn(h, { sub: "idp-outsider", email: "someone@gmail.example" });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("http://localhost:3000/login?error=sso_not_allowed");
    expect(h.cookiesOf(callback)).not.toMatch(/session_token=/);
    expect(await h.db.user.count({ where: { email: "someone@gmail.example" } })).toBe(0);
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: "auth.sso_refused", targetId: "someone@gmail.example" } });
    expect(audit.data).toEqual({ reason: "accounts of gmail.example are not allowed" });
  });

  it("refuses an account without the required group, and admits one with it", async () => {
    const grouped = h.withOptions({ allowSignup: false, sso: sso({ requiredGroup: "lore-users" }) });
    const without = await ssoSignIn(grouped, { sub: "idp-no-group", email: "nogroup@corp.example", groups: ["sales"] });
    expect(without.headers.get("location")).toBe("http://localhost:3000/login?error=sso_not_allowed");
    expect(await h.db.user.count({ where: { email: "nogroup@corp.example" } })).toBe(0);

    const withGroup = await ssoSignIn(grouped, { sub: "idp-group", email: "grouped@corp.example", groups: ["sales", "lore-users"] });
    expect(withGroup.status).toBe(302);
    expect(await h.db.user.count({ where: { email: "grouped@corp.example" } })).toBe(1);
  });

  it("with OIDC_CREATE_USERS off, creates nobody", async () => {
    const closed = h.withOptions({ allowSignup: false, sso: sso({ createUsers: false }) });
    const callback = await ssoSignIn(closed, { sub: "idp-new", email: "brand.new@corp.example" });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toMatch(/error=signup_disabled/);
    expect(await h.db.user.count({ where: { email: "brand.new@corp.example" } })).toBe(0);
  });

  it("never links an SSO identity to an existing local account by email unless told to, for an allowed domain", async () => {
    const local = await h.withOptions({ allowSignup: true }).createUser();
    // The local account's email at an allowed domain, claimed at the provider by someone else.
    // (verified, as accounts an admin or the seed creates are).
    await h.db.user.update({ where: { id: local.id }, data: { email: "local.person@corp.example", emailVerified: true } });
    const refused = await ssoSignIn(h, { sub: "idp-claims-local", email: "local.person@corp.example" });
    expect(refused.headers.get("location")).toMatch(/error=account_not_linked/);
    expect(await h.db.account.count({ where: { userId: local.id, providerId: "sso" } })).toBe(0);

    // `*` never links, even when linking is on.
    const anyDomain = h.withOptions({ allowSignup: false, sso: sso({ allowedDomains: "*", linkExistingAccounts: true }) });
    expect((await ssoSignIn(anyDomain, { sub: "idp-claims-local", email: "local.person@corp.example" })).headers.get("location")).toMatch(
      /error=account_not_linked/,
    );

    const linking = h.withOptions({ allowSignup: false, sso: sso({ linkExistingAccounts: true }) });
    const linked = await ssoSignIn(linking, { sub: "idp-claims-local", email: "local.person@corp.example" });
    expect(linked.headers.get("location")).not.toMatch(/error=/);
    expect(await h.db.account.count({ where: { userId: local.id, providerId: "sso" } })).toBe(1);
  });
});
