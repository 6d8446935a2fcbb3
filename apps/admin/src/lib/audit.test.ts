import { describe, expect, it } from "vitest";

import { actionLabel, actorLabel, describeAuditEntry } from "./audit";

const base = { actorEmail: null, actorId: null, targetType: null, targetId: null, data: {} };

describe("audit descriptions", () => {
  it("names known actions and keeps unknown ones", () => {
    expect(actionLabel("group.created")).toBe("Group created");
    expect(actionLabel("document.ingested")).toBe("document.ingested");
  });

  it("describes role changes", () => {
    expect(describeAuditEntry({ ...base, action: "user.role_changed", data: { email: "a@b.c", from: "employee", to: "admin" } })).toBe(
      "a@b.c: employee → admin",
    );
  });

  it("describes memberships", () => {
    expect(describeAuditEntry({ ...base, action: "group.member_added", data: { email: "a@b.c", group: "hr" } })).toBe("a@b.c → hr");
  });

  it("leaves sign-ins without details", () => {
    expect(describeAuditEntry({ ...base, action: "auth.sign_in", targetType: "session", targetId: "s1" })).toBe("");
  });

  it("tolerates missing or odd data", () => {
    expect(describeAuditEntry({ ...base, action: "group.deleted", targetId: "g1", data: null })).toBe("g1");
    expect(describeAuditEntry({ ...base, action: "x.y", targetType: "doc", targetId: "d1", data: [1] })).toBe("doc d1");
  });

  it("labels actors", () => {
    expect(actorLabel({ actorEmail: "a@b.c", actorId: "1" })).toBe("a@b.c");
    expect(actorLabel({ actorEmail: null, actorId: null })).toBe("System");
  });
});
