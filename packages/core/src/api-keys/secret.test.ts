import { describe, expect, it } from "vitest";
import { displayPrefix, generateSecret, hashSecret, looksLikeApiKey } from "./secret";

describe("API key secrets", () => {
  it("are lore_ and 40 base62 characters, different every time", () => {
    const secrets = Array.from({ length: 200 }, generateSecret);
    for (const secret of secrets) expect(secret).toMatch(/^lore_[0-9A-Za-z]{40}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
    // Every character of the alphabet turns up (a biased or truncated alphabet would not, over 8,000 draws).
    expect(new Set(secrets.join("").replaceAll("lore_", "")).size).toBe(62);
  });

  it("are recognised by shape only", () => {
    expect(looksLikeApiKey(generateSecret())).toBe(true);
    expect(looksLikeApiKey("lore_short")).toBe(false);
    expect(looksLikeApiKey(`sk-${"a".repeat(40)}`)).toBe(false);
    expect(looksLikeApiKey(`lore_${"a".repeat(39)}!`)).toBe(false);
  });

  it("are stored as their SHA-256 and shown by their first 12 characters", () => {
    // The FIPS 180-2 test vector.
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashSecret("lore_abc")).not.toBe(hashSecret("lore_abd"));
    expect(displayPrefix("lore_AbCdEfGhIjKl")).toBe("lore_AbCdEfG");
  });
});
