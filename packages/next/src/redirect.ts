/** Request header set by the proxy with the requested path and query, so layouts can return people there after sign-in. */
export const REQUEST_PATH_HEADER = "x-lore-path";

/** Where people land after signing in when no (valid) destination was given. */
export const DEFAULT_AFTER_SIGN_IN = "/";

/**
 * Returns `value` if it is a same-origin relative path ("/x?y"), otherwise the default. Rejects
 * absolute and protocol-relative URLs ("//evil.example", "/\\evil.example"), control characters and
 * the login page itself, so `?next=` cannot be used as an open redirect or a loop.
 */
export function safeNextPath(value: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, "http://lore.invalid");
  } catch {
    return fallback;
  }
  if (url.origin !== "http://lore.invalid") return fallback;
  if (url.pathname === "/login" || url.pathname.startsWith("/api/")) return fallback;
  return url.pathname + url.search + url.hash;
}

/** The sign-in page's URL, asking to come back to `next` afterwards. */
export function loginPath(next?: string | null): string {
  const target = safeNextPath(next, "");
  return target && target !== DEFAULT_AFTER_SIGN_IN ? `/login?next=${encodeURIComponent(target)}` : "/login";
}
