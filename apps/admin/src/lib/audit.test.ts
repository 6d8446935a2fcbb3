import { describe, expect, it } from "vitest";

import { actionFilterOptions, actionLabel, actorLabel, describeAuditEntry } from "./audit";

const base = { actorEmail: null, actorId: null, targetType: null, targetId: null, data: {} };

describe("audit descriptions", () => {
  it("names known actions, reads unknown ones of a known family, and keeps the rest", () => {
    expect(actionLabel("group.created")).toBe("Group created");
    expect(actionLabel("user.deactivated")).toBe("User deactivated");
    expect(actionLabel("export.finetune")).toBe("Fine-tuning data exported");
    expect(actionLabel("document.ingested")).toBe("Documents: ingested");
    expect(actionLabel("prompt.settings_changed")).toBe("Prompt: settings changed");
    expect(actionLabel("mystery.thing")).toBe("mystery.thing");
    expect(actionLabel("document.")).toBe("document.");
  });

  it("offers every labelled action under its family in the filter", () => {
    const options = actionFilterOptions();
    expect(options.find((o) => o.prefix === "document.")?.actions.map((a) => a.value)).toContain("document.deleted");
    expect(options.flatMap((o) => o.actions).length).toBeGreaterThan(30);
  });

  it("describes deactivations and exports", () => {
    expect(describeAuditEntry({ ...base, action: "user.deactivated", data: { email: "a@b.c", sessionsEnded: 2 } })).toBe(
      "a@b.c (2 sessions ended)",
    );
    expect(describeAuditEntry({ ...base, action: "export.finetune", data: { file: "train", seed: "s" } })).toBe("train.jsonl, seed s");
  });

  it("names the evaluation workbench's actions and describes its sets and runs", () => {
    expect(actionLabel("eval_run.ladder_started")).toBe("Evaluation ladder started");
    expect(actionLabel("eval_result.read")).toBe("Evaluation result read");
    expect(describeAuditEntry({ ...base, action: "eval_set.deleted", data: { name: "HR questions", cases: 3 } })).toBe("HR questions");
    expect(describeAuditEntry({ ...base, action: "eval_set.imported", data: { count: 12 } })).toBe("12 cases");
    expect(describeAuditEntry({ ...base, action: "eval_run.started", targetId: "s1", data: { set: "HR questions" } })).toBe("HR questions");
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
