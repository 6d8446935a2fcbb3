import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";
import { booleanSetting } from "@lore/db/settings";

const bool = booleanSetting;

/**
 * Settings for authentication and the API, shared by both apps. Validated once, on first import;
 * every variable is documented in .env.example.
 */
const raw = createEnv({
  server: {
    BETTER_AUTH_SECRET: z
      .string()
      .min(32, "BETTER_AUTH_SECRET must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
    WEB_URL: z.url().default("http://localhost:3000"),
    ADMIN_URL: z.url().default("http://localhost:3001"),
    AUTH_ALLOW_SIGNUP: bool(false),
    AUTH_RATE_LIMIT: bool(true),
    AUTH_SIGNIN_MAX_PER_MINUTE: z.coerce.number().int().positive().default(10),
    // Failed sign-ins per account (from any address) before it is locked for AUTH_ACCOUNT_LOCK_MINUTES; 0 = off.
    AUTH_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(0).default(10),
    // At most a day: the hourly maintenance deletes rate-limit rows older than that.
    AUTH_ACCOUNT_LOCK_MINUTES: z.coerce.number().int().positive().max(1440).default(15),
    COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_PROVIDER_NAME: z.string().min(1).default("Single sign-on"),
    OIDC_SCOPES: z.string().default("openid email profile"),
    // Required with SSO: the email domains that may sign in (comma-separated), or * for anyone the provider accepts.
    OIDC_ALLOWED_DOMAINS: z.string().optional(),
    OIDC_REQUIRED_GROUP: z.string().min(1).optional(),
    OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
    OIDC_CREATE_USERS: bool(true),
    OIDC_LINK_EXISTING_ACCOUNTS: bool(false),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
});

const oidcParts = [raw.OIDC_ISSUER, raw.OIDC_CLIENT_ID, raw.OIDC_CLIENT_SECRET];
if (!raw.OIDC_ISSUER !== !raw.OIDC_CLIENT_ID || !raw.OIDC_ISSUER !== !raw.OIDC_CLIENT_SECRET) {
  if (!process.env.SKIP_ENV_VALIDATION) {
    throw new Error(
      `Single sign-on needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (${oidcParts.filter(Boolean).length} of 3 are set).`,
    );
  }
}

if (oidcParts.every(Boolean) && !raw.OIDC_ALLOWED_DOMAINS && !process.env.SKIP_ENV_VALIDATION) {
  throw new Error(
    "Single sign-on needs OIDC_ALLOWED_DOMAINS: the email domains that may sign in (for example `example.com`), or `*` to let in everyone your identity provider accepts.",
  );
}

export const authEnv = {
  ...raw,
  /** True when OpenID Connect single sign-on is configured. */
  ssoEnabled: oidcParts.every(Boolean),
  ssoProviderName: raw.OIDC_PROVIDER_NAME,
  allowSignup: raw.AUTH_ALLOW_SIGNUP,
};
