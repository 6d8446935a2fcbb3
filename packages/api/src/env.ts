import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "true" || v === "1" || v === "yes"));

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
    COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_PROVIDER_NAME: z.string().min(1).default("Single sign-on"),
    OIDC_SCOPES: z.string().default("openid email profile"),
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

export const authEnv = {
  ...raw,
  /** True when OpenID Connect single sign-on is configured. */
  ssoEnabled: oidcParts.every(Boolean),
  ssoProviderName: raw.OIDC_PROVIDER_NAME,
  allowSignup: raw.AUTH_ALLOW_SIGNUP,
};
