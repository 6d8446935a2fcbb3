import { describe, expect, it } from "vitest";
import { parseRange, presetRange, rangeHref, toQuery } from "./range";

const now = new Date("2026-03-10T15:00:00Z");

describe("the analytics range in the URL", () => {
  it("reads a preset as the last N days, today included", () => {
    expect(parseRange({ range: "7" }, now)).toEqual({ from: "2026-03-04", to: "2026-03-10", preset: 7 });
    expect(presetRange(90, now).from).toBe("2025-12-11");
  });

  it("reads a custom range with both days included", () => {
    expect(parseRange({ from: "2026-01-01", to: "2026-01-31" }, now)).toEqual({ from: "2026-01-01", to: "2026-01-31", preset: null });
    expect(parseRange({ from: "2026-01-05", to: "2026-01-05" }, now).preset).toBeNull();
  });

  it("falls back to 30 days for anything else", () => {
    for (const params of [
      {},
      { range: "12" },
      { from: "2026-02-30", to: "2026-03-01" },
      { from: "2026-03-02", to: "2026-03-01" },
      { from: "2024-01-01", to: "2026-01-01" },
    ]) {
      expect(parseRange(params, now)).toEqual({ from: "2026-02-09", to: "2026-03-10", preset: 30 });
    }
  });

  it("asks the API for the day after the last (exclusive end) and writes URLs", () => {
    expect(toQuery({ from: "2026-02-01", to: "2026-02-28", preset: null })).toEqual({ from: "2026-02-01", to: "2026-03-01" });
    expect(rangeHref({ preset: 7 })).toBe("/analytics?range=7");
    expect(rangeHref({ from: "2026-01-01", to: "2026-01-02" })).toBe("/analytics?from=2026-01-01&to=2026-01-02");
  });
});
