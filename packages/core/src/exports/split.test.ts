import { describe, expect, it } from "vitest";
import { splitFraction, splitOf } from "./split";

const keys = Array.from({ length: 2000 }, (_, i) => `example:${i}`);

describe("splitOf", () => {
  it("is deterministic for a seed and changes with the seed", () => {
    const first = keys.map((k) => splitOf("lore", k, 0.2));
    expect(keys.map((k) => splitOf("lore", k, 0.2))).toEqual(first);
    expect(keys.map((k) => splitOf("other", k, 0.2))).not.toEqual(first);
  });

  it("puts about the ratio in validation", () => {
    const share = keys.filter((k) => splitOf("lore", k, 0.2) === "validation").length / keys.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
  });

  it("keeps a record in its file when others come and go, and a larger ratio only moves records into validation", () => {
    const small = keys.slice(0, 100).map((k) => splitOf("s", k, 0.1));
    expect(keys.slice(0, 100).map((k) => splitOf("s", k, 0.1))).toEqual(small);
    for (const k of keys) if (splitOf("s", k, 0.1) === "validation") expect(splitOf("s", k, 0.3)).toBe("validation");
  });

  it("has the edges: 0 is all train, 1 is all validation, anything else is refused", () => {
    expect(keys.every((k) => splitOf("x", k, 0) === "train")).toBe(true);
    expect(keys.every((k) => splitOf("x", k, 1) === "validation")).toBe(true);
    expect(() => splitOf("x", "a", 1.5)).toThrow(RangeError);
    expect(() => splitOf("x", "a", Number.NaN)).toThrow(RangeError);
    expect(splitFraction("x", "a")).toBeGreaterThanOrEqual(0);
    expect(splitFraction("x", "a")).toBeLessThan(1);
  });
});
