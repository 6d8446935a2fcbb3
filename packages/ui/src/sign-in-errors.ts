import type { SignInProblem } from "./sign-in-form";

/** The parts of a better-auth client error that decide what to tell the person signing in. */
export interface AuthErrorLike {
  status?: number;
  code?: string;
  message?: string;
}

/** Turns a failed sign-in into a message a person can act on. Never shows server internals. */
export function describeSignInError(error: AuthErrorLike, retryAfterSeconds?: number | null): SignInProblem {
  if (error.code === "ACCOUNT_LOCKED") {
    // The same for every email typed, existing or not (the server locks unknown emails too).
    const minutes = retryAfterSeconds && retryAfterSeconds > 0 ? Math.ceil(retryAfterSeconds / 60) : null;
    return {
      title: "Too many failed sign-ins for this email",
      message: `${minutes ? `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}` : "Try again later"}, or ask your Lore administrator to reset your password.`,
    };
  }
  if (error.status === 429) {
    const wait =
      retryAfterSeconds && retryAfterSeconds > 0
        ? `Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`
        : "Wait a minute, then try again.";
    return { title: "Too many sign-in attempts", message: wait };
  }
  switch (error.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return { title: "Wrong email or password", message: "Check both and try again." };
    case "BANNED_USER":
      return { title: "This account is suspended", message: "Ask your Lore administrator to restore access." };
    case "EMAIL_NOT_VERIFIED":
      return { title: "Email address not verified", message: "Ask your Lore administrator to verify your account." };
    case "INVALID_EMAIL":
      return { title: "That email address is not valid", message: "Check it and try again." };
  }
  if (error.status === 401) return { title: "Wrong email or password", message: "Check both and try again." };
  if (error.status !== undefined && error.status >= 500) {
    return { title: "Lore could not sign you in", message: "The server had a problem. Try again in a moment." };
  }
  return { title: "Sign-in failed", message: "Please try again. If it keeps failing, contact your administrator." };
}

/** The message shown when the browser cannot reach the server at all. */
export const networkProblem: SignInProblem = {
  title: "Can't reach Lore",
  message: "Check your network connection and try again.",
};

/** Why single sign-on could not even start (the provider is misconfigured or unreachable). */
export function describeSsoStartError(error: AuthErrorLike): SignInProblem {
  if (error.status === 429) return describeSignInError(error);
  return {
    title: "Single sign-on is unavailable",
    message: "Lore could not reach your identity provider. Try again in a moment, or use your email and password.",
  };
}

/** SSO refusals Lore or its provider explains in words (the rest are shown by code). */
const SSO_REFUSALS: Record<string, SignInProblem> = {
  sso_not_allowed: {
    title: "This account may not use Lore",
    message: "Your identity provider signed you in, but Lore admits only accounts of your organisation. Ask your Lore administrator.",
  },
  signup_disabled: {
    title: "You don't have a Lore account yet",
    message: "Single sign-on does not create accounts here. Ask your Lore administrator to add you.",
  },
  account_not_linked: {
    title: "This email already has a Lore account",
    message: "Sign in with its email and password, or ask your Lore administrator to connect it to single sign-on.",
  },
};

/** The message for an SSO round trip that came back with `?error=`. */
export function describeSsoError(code: string): SignInProblem {
  const known = SSO_REFUSALS[code.toLowerCase()];
  if (known) return known;
  const safeCode = /^[a-z0-9_.-]{1,64}$/i.test(code) ? code : null;
  return {
    title: "Single sign-on did not complete",
    message: `Your identity provider did not sign you in${safeCode ? ` (${safeCode})` : ""}. Try again, or use your email and password.`,
  };
}
