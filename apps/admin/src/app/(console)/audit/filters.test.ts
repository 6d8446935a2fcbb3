import { describe, expect, it } from "vitest";

import { auditCsvHref, auditFiltersQuery, auditQueryInput, readAuditFilters } from "./filters";

describe("audit filters in the URL", () => {
  it("reads what is set, drops blanks and malformed days, and writes it back", () => {
    const filters = readAuditFilters(new URLSearchParams("action=document.&actorEmail=%20a@b.c&targetId=&from=2026-12-01&to=junk"));
    expect(filters).toEqual({ action: "document.", actorEmail: "a@b.c", from: "2026-12-01" });
    expect(auditFiltersQuery(filters)).toBe("?action=document.&actorEmail=a%40b.c&from=2026-12-01");
    expect(auditFiltersQuery({})).toBe("");
  });

  it("turns days into a half-open range of local instants, the end day included", () => {
    const input = auditQueryInput({ from: "2026-12-01", to: "2026-12-01" });
    expect(input.from).toEqual(new Date(2026, 11, 1));
    expect(input.to).toEqual(new Date(2026, 11, 2));
    expect(input.actions).toBeUndefined();
  });

  it("builds the CSV address with the same filters", () => {
    expect(auditCsvHref({})).toBe("/api/exports/audit");
    expect(auditCsvHref({ action: "user.deactivated", targetType: "user" })).toBe(
      "/api/exports/audit?action=user.deactivated&targetType=user",
    );
  });
});
