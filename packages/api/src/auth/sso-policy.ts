/**
 * Who may come in through single sign-on. An identity provider such as Google accepts anyone with an account
 * there, so Lore admits only emails of the allowed domains (OIDC_ALLOWED_DOMAINS, `*` to accept everyone the
 * provider accepts) and, when OIDC_REQUIRED_GROUP is set, only people whose groups claim includes it.
 */

export interface SsoAdmission {
  /** Lower-case domains, or "*" for any. */
  allowedDomains: readonly string[] | "*";
  requiredGroup?: string | undefined;
  /** The profile claim that lists the person's groups (default "groups"). */
  groupsClaim: string;
}

/** The error code an SSO refusal redirects to the sign-in page with. */
export const SSO_NOT_ALLOWED = "sso_not_allowed";

/** Parses OIDC_ALLOWED_DOMAINS: `*`, or comma-separated domains (a leading `@` is accepted). */
export function parseAllowedDomains(value: string): readonly string[] | "*" {
  const entries = value
    .split(",")
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
  if (entries.includes("*")) return "*";
  for (const domain of entries) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domain)) {
      throw new Error(`OIDC_ALLOWED_DOMAINS: "${domain}" is not a domain name (like example.com).`);
    }
  }
  return entries;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/** True when the email's domain is one of the allowed ones (exactly: a subdomain is another domain). */
export function isAllowedDomain(email: string, allowed: SsoAdmission["allowedDomains"]): boolean {
  return allowed === "*" || allowed.includes(emailDomain(email));
}

/** Why the provider's profile may not sign in to Lore, or null when it may. */
export function refuseSsoProfile(profile: Record<string, unknown>, policy: SsoAdmission): string | null {
  const email = typeof profile.email === "string" ? profile.email : "";
  if (!email.includes("@")) return "the identity provider did not give an email address";
  if (!isAllowedDomain(email, policy.allowedDomains)) return `accounts of ${emailDomain(email)} are not allowed`;
  if (policy.requiredGroup) {
    const claim = profile[policy.groupsClaim];
    const groups = Array.isArray(claim) ? claim.map(String) : typeof claim === "string" ? claim.split(/[\s,]+/) : [];
    if (!groups.includes(policy.requiredGroup)) return `the account is not in the ${policy.requiredGroup} group`;
  }
  return null;
}
