import { randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { admin, genericOAuth } from "better-auth/plugins";
import { adminAc, defaultStatements, userAc } from "better-auth/plugins/admin/access";
import { createAccessControl } from "better-auth/plugins/access";
import type { PrismaClient } from "@lore/db";
import { getPrisma } from "@lore/db/client";
import { recordAudit } from "@lore/core/audit";
import { authEnv } from "../env";

export { parseRole, roleSchema, ROLES, type Role } from "./roles";

const accessControl = createAccessControl(defaultStatements);

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
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
}

function ssoFromEnv(): SsoConfig | null {
  if (!authEnv.ssoEnabled) return null;
  return {
    issuer: authEnv.OIDC_ISSUER!,
    clientId: authEnv.OIDC_CLIENT_ID!,
    clientSecret: authEnv.OIDC_CLIENT_SECRET!,
    scopes: authEnv.OIDC_SCOPES.split(/\s+/).filter(Boolean),
  };
}

/**
 * Builds the better-auth instance for one app. Both apps share the database, the secret and so the
 * sessions: signing in to one signs in to the other (cookies are scoped to the host, not the port).
 */
export function createAuth({ baseURL, db = getPrisma(), allowSignup = authEnv.allowSignup, sso = ssoFromEnv() }: CreateAuthOptions) {
  const secure = authEnv.COOKIE_SECURE === "auto" ? baseURL.startsWith("https://") : authEnv.COOKIE_SECURE === "true";

  return betterAuth({
    appName: "Lore",
    baseURL,
    basePath: "/api/auth",
    secret: authEnv.BETTER_AUTH_SECRET,
    database: prismaAdapter(db, { provider: "postgresql" }),
    trustedOrigins: [authEnv.WEB_URL, authEnv.ADMIN_URL, baseURL],
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
      useSecureCookies: secure,
      // Explicit, because better-auth relaxes the Origin/CSRF check when NODE_ENV is "test": the
      // tests must exercise the same protection production has.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      cookiePrefix: "lore",
      database: { generateId: () => randomUUID() },
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
      admin({
        defaultRole: "employee",
        adminRoles: ["admin"],
        ac: accessControl,
        roles: { admin: adminAc, employee: userAc },
      }),
      ...(sso
        ? [
            // Any OpenID Connect provider (Okta, Entra ID, Google Workspace, Keycloak…) through its
            // discovery document. First sign-in creates the user with the default role, employee.
            genericOAuth({
              config: [
                {
                  providerId: "sso",
                  discoveryUrl: new URL(".well-known/openid-configuration", sso.issuer.replace(/\/?$/, "/")).toString(),
                  clientId: sso.clientId,
                  clientSecret: sso.clientSecret,
                  scopes: sso.scopes,
                  pkce: true,
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
