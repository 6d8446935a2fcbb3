import { describe, expect, it } from "vitest";

import { describeSignInError, describeSsoError, describeSsoStartError } from "./sign-in-errors";

describe("describeSignInError", () => {
  it("explains wrong credentials", () => {
    expect(describeSignInError({ status: 401, code: "INVALID_EMAIL_OR_PASSWORD" }).title).toBe("Wrong email or password");
  });

  it("explains rate limiting, with the wait when known", () => {
    expect(describeSignInError({ status: 429 }, 42)).toEqual({
      title: "Too many sign-in attempts",
      message: "Try again in 42 seconds.",
    });
    expect(describeSignInError({ status: 429 }).message).toMatch(/wait a minute/i);
  });

  it("explains an account locked after failed sign-ins, with the wait in minutes", () => {
    expect(describeSignInError({ status: 429, code: "ACCOUNT_LOCKED" }, 600)).toEqual({
      title: "Too many failed sign-ins for this email",
      message: "Try again in 10 minutes, or ask your Lore administrator to reset your password.",
    });
  });

  it("explains suspended accounts", () => {
    expect(describeSignInError({ status: 403, code: "BANNED_USER" }).title).toMatch(/suspended/);
  });

  it("never passes server messages through", () => {
    const problem = describeSignInError({ status: 500, message: "relation users does not exist" });
    expect(JSON.stringify(problem)).not.toContain("relation");
  });
});

describe("describeSsoStartError", () => {
  it("explains an unreachable or unknown provider", () => {
    expect(describeSsoStartError({ status: 404, code: "PROVIDER_NOT_FOUND" }).title).toBe("Single sign-on is unavailable");
  });

  it("keeps the rate-limit explanation", () => {
    expect(describeSsoStartError({ status: 429 }).title).toBe("Too many sign-in attempts");
  });
});

describe("describeSsoError", () => {
  it("includes a well-formed code and drops anything else", () => {
    expect(describeSsoError("access_denied").message).toContain("(access_denied)");
    expect(describeSsoError("<b>call 555</b>").message).not.toContain("555");
  });

  it("explains Lore's own refusals in words", () => {
    expect(describeSsoError("sso_not_allowed").title).toBe("This account may not use Lore");
    expect(describeSsoError("signup_disabled").title).toBe("You don't have a Lore account yet");
    expect(describeSsoError("account_not_linked").title).toBe("This email already has a Lore account");
  });
});
