import { randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { admin, genericOAuth } from "better-auth/plugins";
import { adminAc, defaultStatements, userAc } from "better-auth/plugins/admin/access";
import { createAccessControl } from "better-auth/plugins/access";
import type { PrismaClient } from "@lore/db";
import { getPrisma } from "@lore/db/client";
import { recordAudit } from "@lore/core/audit";
import { authEnv } from "../env";
import { createAccountLockout, type AccountLockoutSettings } from "./account-lockout";
import { parseAllowedDomains, refuseSsoProfile, SSO_NOT_ALLOWED, type SsoAdmission } from "./sso-policy";

export { parseRole, roleSchema, ROLES, type Role } from "./roles";

const accessControl = createAccessControl(defaultStatements);

export interface SsoConfig extends SsoAdmission {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** Create an account on a first SSO sign-in (OIDC_CREATE_USERS); false = only existing accounts. */
  createUsers: boolean;
  /**
   * Link an SSO identity to an existing local account with the same email (OIDC_LINK_EXISTING_ACCOUNTS). Only
   * ever for the allowed domains, never with `*`: otherwise whoever controls an email at the provider would
   * take over the local account of that email.
   */
  linkExistingAccounts: boolean;
}

export interface CreateAuthOptions {
  /** The public origin of the app that mounts the handler at /api/auth (WEB_URL or ADMIN_URL). */
  baseURL: string;
  /** Defaults to the shared client for DATABASE_URL. */
  db?: PrismaClient;
  /** Defaults to AUTH_ALLOW_SIGNUP. */
  allowSignup?: boolean;
  /** Defaults to the OIDC_* variables; `null` turns single sign-on off. */
  sso?: SsoConfig | null;
  /** Defaults to AUTH_ACCOUNT_MAX_FAILURES and AUTH_ACCOUNT_LOCK_MINUTES; `null` (or 0 failures) turns it off. */
  accountLockout?: AccountLockoutSettings | null;
}

function ssoFromEnv(): SsoConfig | null {
  if (!authEnv.ssoEnabled) return null;
  return {
    issuer: authEnv.OIDC_ISSUER!,
    clientId: authEnv.OIDC_CLIENT_ID!,
    clientSecret: authEnv.OIDC_CLIENT_SECRET!,
    scopes: authEnv.OIDC_SCOPES.split(/\s+/).filter(Boolean),
    allowedDomains: parseAllowedDomains(authEnv.OIDC_ALLOWED_DOMAINS ?? ""),
    requiredGroup: authEnv.OIDC_REQUIRED_GROUP,
    groupsClaim: authEnv.OIDC_GROUPS_CLAIM,
    createUsers: authEnv.OIDC_CREATE_USERS,
    linkExistingAccounts: authEnv.OIDC_LINK_EXISTING_ACCOUNTS,
  };
}

function lockoutFromEnv(): AccountLockoutSettings | null {
  if (authEnv.AUTH_ACCOUNT_MAX_FAILURES === 0) return null;
  return { maxFailures: authEnv.AUTH_ACCOUNT_MAX_FAILURES, lockMinutes: authEnv.AUTH_ACCOUNT_LOCK_MINUTES };
}

/**
 * The admin plugin's HTTP endpoints (impersonate, set-role, set-user-password, ban, remove…). Lore keeps the
 * plugin for the role and ban fields it enforces on every session, but changes users only through its own
 * procedures, which check the last-admin rule and write the audit log: these endpoints would bypass both.
 */
function adminPluginPaths(plugin: { endpoints: Record<string, { path?: string }> }): string[] {
  return Object.values(plugin.endpoints).flatMap((endpoint) => (endpoint.path ? [endpoint.path] : []));
}

/**
 * Builds the better-auth instance for one app. Both apps share the database, the secret and so the
 * sessions: signing in to one signs in to the other (cookies are scoped to the host, not the port).
 */
export function createAuth({
  baseURL,
  db = getPrisma(),
  allowSignup = authEnv.allowSignup,
  sso = ssoFromEnv(),
  accountLockout = lockoutFromEnv(),
}: CreateAuthOptions) {
  const secure = authEnv.COOKIE_SECURE === "auto" ? baseURL.startsWith("https://") : authEnv.COOKIE_SECURE === "true";
  const lockout = accountLockout && accountLockout.maxFailures > 0 ? createAccountLockout(db, accountLockout) : null;
  const adminPlugin = admin({
    defaultRole: "employee",
    adminRoles: ["admin"],
    ac: accessControl,
    roles: { admin: adminAc, employee: userAc },
  });
  const linkExistingAccounts = !!sso?.linkExistingAccounts && sso.allowedDomains !== "*";

  return betterAuth({
    appName: "Lore",
    baseURL,
    basePath: "/api/auth",
    secret: authEnv.BETTER_AUTH_SECRET,
    database: prismaAdapter(db, { provider: "postgresql" }),
    trustedOrigins: [authEnv.WEB_URL, authEnv.ADMIN_URL, baseURL],
    disabledPaths: adminPluginPaths(adminPlugin),
    account: {
      accountLinking: {
        enabled: linkExistingAccounts,
        disableImplicitLinking: !linkExistingAccounts,
        trustedProviders: [],
      },
    },
    emailAndPassword: {
      enabled: true,
      // An internal tool: accounts come from an admin, the seed, or SSO — unless sign-up is allowed.
      disableSignUp: !allowSignup,
      minPasswordLength: 10,
      maxPasswordLength: 128,
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: {
      enabled: authEnv.AUTH_RATE_LIMIT,
      // Shared through the database so both apps (and several replicas) count together.
      storage: "database",
      window: 60,
      max: 200,
      customRules: {
        "/sign-in/email": { window: 60, max: authEnv.AUTH_SIGNIN_MAX_PER_MINUTE },
        "/sign-up/email": { window: 60, max: 5 },
      },
    },
    advanced: {
      // The apps' server (@lore/next/server) replaces X-Forwarded-For with the one address it resolved from the
      // socket and LORE_TRUSTED_PROXIES, so the single value here is the client's, never what a client wrote.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
      useSecureCookies: secure,
      // Explicit, because better-auth relaxes the Origin/CSRF check when NODE_ENV is "test": the
      // tests must exercise the same protection production has.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      cookiePrefix: "lore",
      database: { generateId: () => randomUUID() },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const email: unknown = ctx.body?.email;
        if (lockout && ctx.path === "/sign-in/email" && typeof email === "string") await lockout.assertNotLocked(email);
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        const email: unknown = ctx.body?.email;
        if (lockout && ctx.path === "/sign-in/email" && typeof email === "string") {
          if (returned instanceof APIError) {
            if (returned.statusCode === 401) await lockout.recordFailure(email);
          } else await lockout.recordSuccess(email);
        }
        // An SSO profile refused by the allow-list comes back to the sign-in page, which explains it.
        if (returned instanceof APIError && returned.body?.code === SSO_NOT_ALLOWED) {
          return new Response(null, { status: 302, headers: { location: `${new URL(baseURL).origin}/login?error=${SSO_NOT_ALLOWED}` } });
        }
      }),
    },
    databaseHooks: {
      user: {
        create: {
          after: async (user) => {
            await recordAudit(db, {
              actor: null,
              action: "user.created",
              targetType: "user",
              targetId: user.id,
              data: { email: user.email },
            });
          },
        },
      },
      session: {
        create: {
          after: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { email: true } });
            await recordAudit(db, {
              actor: { id: session.userId, email: user?.email ?? null },
              action: "auth.sign_in",
              targetType: "session",
              targetId: session.id,
              ip: session.ipAddress ?? null,
            });
          },
        },
      },
    },
    plugins: [
      adminPlugin,
      ...(sso
        ? [
            // Any OpenID Connect provider (Okta, Entra ID, Google Workspace, Keycloak…) through its discovery
            // document. Only profiles the allow-list admits (./sso-policy); a first sign-in creates the user with
            // the default role, employee, unless OIDC_CREATE_USERS is off.
            genericOAuth({
              config: [
                {
                  providerId: "sso",
                  discoveryUrl: new URL(".well-known/openid-configuration", sso.issuer.replace(/\/?$/, "/")).toString(),
                  clientId: sso.clientId,
                  clientSecret: sso.clientSecret,
                  scopes: sso.scopes,
                  pkce: true,
                  disableSignUp: !sso.createUsers,
                  mapProfileToUser: async (profile) => {
                    const refusal = refuseSsoProfile(profile, sso);
                    if (refusal) {
                      await recordAudit(db, {
                        actor: null,
                        action: "auth.sso_refused",
                        targetType: "user",
                        targetId: typeof profile.email === "string" ? profile.email : null,
                        data: { reason: refusal },
                      });
                      throw new APIError("FORBIDDEN", { code: SSO_NOT_ALLOWED, message: `Single sign-on refused: ${refusal}.` });
                    }
                    return {};
                  },
                },
              ],
            }),
          ]
        : []),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
export type AuthSession = NonNullable<Awaited<ReturnType<Auth["api"]["getSession"]>>>;
