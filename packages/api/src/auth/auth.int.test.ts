// Sign-up, sign-in, sign-out, rate limiting and OpenID Connect single sign-on, through better-auth's
// real request handler on a real database. The identity provider is a local fake speaking OIDC over HTTP.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useHarness } from "../../test/harness";

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

describe("OpenID Connect single sign-on", () => {
  let idp: Server;
  let issuer = "";
  const tokenRequests: URLSearchParams[] = [];

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
        return json({ sub: "idp-user-42", email: "sso.person@corp.example", email_verified: true, name: "Sso Person" });
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => idp.listen(0, "127.0.0.1", r));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    idp?.close();
  });
  // After the identity provider's hook, which gives it its address (and, hooks running in reverse, stopped before it).
  const h = useHarness(() => ({
    allowSignup: false,
    sso: { issuer, clientId: "lore", clientSecret: "s3cret", scopes: ["openid", "email", "profile"] },
  }));

  it("creates the user on first SSO login, with the employee role, even when self sign-up is closed", async () => {
    const start = await h.authRequest("/sign-in/social", { body: { provider: "sso", callbackURL: "/" } });
    expect(start.status).toBe(200);
    const { url } = (await start.json()) as { url: string };
    const authorize = new URL(url);
    expect(authorize.origin + authorize.pathname).toBe(`${issuer}/authorize`);
    expect(authorize.searchParams.get("client_id")).toBe("lore");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    const state = authorize.searchParams.get("state")!;

    const callback = await h.authRequest(`/callback/sso?code=the-code&state=${encodeURIComponent(state)}`, { cookie: h.cookiesOf(start) });
    expect(callback.status).toBe(302);
    expect(tokenRequests.at(-1)?.get("code")).toBe("the-code");
    expect(tokenRequests.at(-1)?.get("code_verifier")).toBeTruthy();

    const user = await h.db.user.findUniqueOrThrow({ where: { email: "sso.person@corp.example" } });
    expect(user.role).toBe("employee");
    const session = await (await h.authRequest("/get-session", { cookie: h.cookiesOf(callback) })).json();
    expect(session).toMatchObject({ user: { email: "sso.person@corp.example" } });
  });
});
