import { describe, expect, it } from "vitest";
import { countTokens } from "./count";

describe("countTokens", () => {
  it("counts o200k tokens and treats special-token strings as text", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("a <|endoftext|> b")).toBeGreaterThan(3);
  });

  it("counts long runs without spaces in linear time (js-tiktoken alone is quadratic on them)", { timeout: 15_000 }, () => {
    // Unsliced, each of these takes minutes.
    expect(countTokens("A".repeat(60_000))).toBeGreaterThan(1_000);
    expect(countTokens("🎉".repeat(5_000))).toBeGreaterThanOrEqual(5_000);
    // Ordinary text is counted exactly.
    const prose = "The quick brown fox jumps over the lazy dog. ".repeat(100).trim();
    expect(countTokens(prose)).toBe(1000);
  });
});
