import { describe, expect, it } from "vitest";

import { loginPath, safeNextPath } from "./redirect";

describe("safeNextPath", () => {
  it("keeps same-origin relative paths with their query and hash", () => {
    expect(safeNextPath("/")).toBe("/");
    expect(safeNextPath("/chat/abc?x=1#m2")).toBe("/chat/abc?x=1#m2");
  });

  it.each([
    ["absolute URL", "https://evil.example/"],
    ["protocol-relative URL", "//evil.example/x"],
    ["backslash trick", "/\\evil.example"],
    ["embedded backslash", "/a\\b"],
    ["scheme", "javascript:alert(1)"],
    ["relative path", "chat"],
    ["control character", "/a\nb"],
    ["the login page", "/login?next=/"],
    ["an API route", "/api/auth/sign-out"],
    ["empty", ""],
    ["not a string", ["/"]],
  ])("rejects %s", (_label, value) => {
    expect(safeNextPath(value)).toBe("/");
  });

  it("uses the given fallback", () => {
    expect(safeNextPath(undefined, "/home")).toBe("/home");
  });
});

describe("loginPath", () => {
  it("adds a safe destination", () => {
    expect(loginPath("/chat?id=1")).toBe("/login?next=%2Fchat%3Fid%3D1");
  });

  it("omits the default and unsafe destinations", () => {
    expect(loginPath("/")).toBe("/login");
    expect(loginPath("https://evil.example")).toBe("/login");
    expect(loginPath(null)).toBe("/login");
  });
});
