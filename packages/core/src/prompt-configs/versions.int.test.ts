// Prompt versions on a real database: create from another with changes, activate, roll back, diff, all audited.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { answerSettings } from "../answer/settings";
import { createTestUser } from "../testing";
import { activatePromptVersion, createPromptVersion, diffPromptVersions, getPromptVersion, listPromptVersions } from ".";

const database = useTestDatabase();

describe("prompt versions", () => {
  it("creates, activates, rolls back and diffs versions, each change audited, one active at a time", async () => {
    const db = database.prisma;
    const admin = await createTestUser(db, { role: "admin" });
    const who = { actor: { id: admin.id, email: admin.email } };
    const v1 = await db.promptConfig.create({
      data: { id: randomUUID(), name: "default", version: 1, systemPrompt: "You are Lore.\nBe brief.", isActive: true },
    });

    const base = await getPromptVersion(db, v1.id);
    // The answer path's defaults fill what the JSON leaves out.
    expect(base.parameters.retrieval).toMatchObject({ enabled: true, mode: "hybrid", k: 6 });
    await expect(createPromptVersion(db, { basedOnId: v1.id, parameters: base.parameters }, who)).rejects.toMatchObject({
      code: "NOTHING_CHANGED",
    });
    await expect(
      createPromptVersion(db, { basedOnId: v1.id, parameters: { ...base.parameters, contextWindow: 900, maxOutputTokens: 800 } }, who),
    ).rejects.toMatchObject({ code: "BUDGET_TOO_SMALL" });

    const v2 = await createPromptVersion(
      db,
      {
        basedOnId: v1.id,
        parameters: {
          ...base.parameters,
          systemPrompt: "You are Lore, the company assistant.\nBe brief.",
          temperature: 0.5,
          retrieval: { ...base.parameters.retrieval, k: 8, fusion: "rrf", vectorWeight: 0.4, candidates: 30, mmrLambda: null },
          budget: { ...base.parameters.budget, standardAnswerThreshold: null, reservedAnswerTokens: 600 },
        },
        notes: "warmer",
      },
      who,
    );
    expect(v2).toMatchObject({ version: 2, isActive: false, notes: "warmer" });
    // Saved but not active: answers still use version 1.
    expect((await answerSettings(db)).promptVersion).toBe(1);

    expect(await activatePromptVersion(db, { id: v2.id }, who)).toMatchObject({ version: 2, changed: true });
    const settings = await answerSettings(db);
    expect(settings).toMatchObject({ promptVersion: 2, temperature: 0.5, reservedAnswerTokens: 600 });
    expect(settings.retrieval).toMatchObject({ k: 8, fusion: "rrf", vectorWeight: 0.4, candidates: 30 });
    expect(settings.retrieval.mmrLambda).toBeUndefined();
    expect(settings.examples.standardAnswerThreshold).toBeNull();
    expect(await db.promptConfig.count({ where: { isActive: true } })).toBe(1);
    expect(await activatePromptVersion(db, { id: v2.id }, who)).toMatchObject({ changed: false });

    // Rolling back is activating the older version.
    await activatePromptVersion(db, { id: v1.id }, who);
    expect((await answerSettings(db)).promptVersion).toBe(1);
    const list = await listPromptVersions(db);
    expect(list.map((v) => [v.version, v.isActive])).toEqual([
      [2, false],
      [1, true],
    ]);

    const diff = await diffPromptVersions(db, { fromId: v1.id, toId: v2.id });
    expect(diff.systemPrompt).toMatchObject({ added: 1, removed: 1 });
    const removed = diff.systemPrompt.lines.find((l) => l.kind === "removed")!;
    const added = diff.systemPrompt.lines.find((l) => l.kind === "added")!;
    expect(
      added.segments
        .filter((s) => s.changed)
        .map((s) => s.text)
        .join(""),
    ).toContain("the company assistant");
    expect(removed.segments.map((s) => s.text).join("")).toBe("You are Lore.");
    expect(diff.systemPrompt.lines.find((l) => l.kind === "unchanged")).toMatchObject({ oldLine: 2, newLine: 2 });
    const changed = Object.fromEntries(diff.parameters.filter((p) => p.changed).map((p) => [p.path, [p.before, p.after]]));
    expect(changed).toEqual({
      temperature: ["0.2", "0.5"],
      "budget.reservedAnswerTokens": ["default", "600"],
      "budget.standardAnswerThreshold": ["default", "off"],
      "retrieval.k": ["6", "8"],
      "retrieval.fusion": ["default", "rrf"],
      "retrieval.vectorWeight": ["default", "0.4"],
      "retrieval.candidates": ["default", "30"],
    });

    const audit = await db.auditLog.findMany({ where: { actorId: admin.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["prompt.created", "prompt.activated", "prompt.rolled_back"]);
    expect(audit[0]!.data).toMatchObject({ version: 2, basedOn: 1, changed: expect.arrayContaining(["systemPrompt", "temperature"]) });
    expect(audit[2]!.data).toMatchObject({ version: 1, previous: 2 });

    await expect(getPromptVersion(db, "nope")).rejects.toMatchObject({ code: "PROMPT_CONFIG_NOT_FOUND", kind: "not_found" });
  });
});
