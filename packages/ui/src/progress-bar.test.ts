import { describe, expect, it } from "vitest";

import { progressPercent } from "./progress-bar";

describe("progressPercent", () => {
  it("turns a value into a percentage of max, clamped to 0–100", () => {
    expect(progressPercent(3, 12)).toBe(25);
    expect(progressPercent(-1, 10)).toBe(0);
    expect(progressPercent(15, 10)).toBe(100);
  });

  it("is 0 when max or value make no sense", () => {
    expect(progressPercent(1, 0)).toBe(0);
    expect(progressPercent(Number.NaN, 10)).toBe(0);
  });
});
