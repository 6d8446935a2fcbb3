import { describe, expect, it } from "vitest";
import { parseDateOption, searchFilters } from "./search";

describe("lore search's filter options", () => {
  it("reads days as whole UTC days and ISO instants with their offset", () => {
    expect(parseDateOption("--since", "2026-11-24", false).toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(parseDateOption("--until", " 2026-11-24 ", true).toISOString()).toBe("2026-11-24T23:59:59.999Z");
    expect(parseDateOption("--since", "2026-11-24T09:30:00Z", false).toISOString()).toBe("2026-11-24T09:30:00.000Z");
    expect(parseDateOption("--since", "2026-11-24T10:30+01:00", false).toISOString()).toBe("2026-11-24T09:30:00.000Z");
    expect(parseDateOption("--since", "2024-02-29", false).toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });

  it("refuses what is not a day or an instant with its offset", () => {
    for (const bad of [
      "2026-02-30",
      "2026-02-30T00:00:00Z",
      "2025-02-29",
      "2026-11-24 junk",
      "2026-11-24T09:00:00",
      "24/11/2026",
      "yesterday",
      "1",
      "",
    ]) {
      expect(() => parseDateOption("--since", bad, false), bad).toThrow(/is not a date\. Use YYYY-MM-DD/);
    }
  });

  it("drops empty and repeated values, and refuses a range that ends before it starts", () => {
    expect(searchFilters({ sources: [" wiki ", "", "wiki"], tags: ["  "] })).toEqual({ sources: ["wiki"] });
    expect(searchFilters({})).toBeUndefined();
    expect(() => searchFilters({ since: "2026-11-25", until: "2026-11-24" })).toThrow("--since is after --until: no document could match.");
    expect(searchFilters({ since: "2026-11-24", until: "2026-11-24" })).toEqual({
      updatedAfter: new Date("2026-11-24T00:00:00.000Z"),
      updatedBefore: new Date("2026-11-24T23:59:59.999Z"),
    });
  });
});
