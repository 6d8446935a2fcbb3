// admin.prompts: versions created, diffed, activated and rolled back through the router; employees refused.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

describe("admin.prompts", () => {
  it("creates a version from another, diffs it, activates it and rolls back; the provider shows no key", async () => {
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    const caller = await h.callerFor(admin.cookie);
    const active =
      (await h.db.promptConfig.findFirst({ where: { isActive: true } })) ??
      (await h.db.promptConfig.create({
        data: { id: randomUUID(), name: "default", version: 1, systemPrompt: "You are Lore.", isActive: true },
      }));

    const before = await caller.admin.prompts.list();
    expect(before.find((v) => v.isActive)?.id).toBe(active.id);
    const current = await caller.admin.prompts.get({ id: active.id });
    const created = await caller.admin.prompts.create({
      basedOnId: active.id,
      parameters: { ...current.parameters, systemPrompt: `${current.parameters.systemPrompt}\nAlways be kind.`, temperature: 0.3 },
      notes: "kinder",
    });
    expect(created.isActive).toBe(false);
    const diff = await caller.admin.prompts.diff({ fromId: active.id, toId: created.id });
    expect(diff.systemPrompt.added).toBeGreaterThan(0);
    expect(diff.parameters.find((p) => p.path === "temperature")).toMatchObject({ changed: true, after: "0.3" });

    await caller.admin.prompts.activate({ id: created.id });
    expect((await caller.admin.prompts.list()).find((v) => v.isActive)?.id).toBe(created.id);
    await caller.admin.prompts.activate({ id: active.id });
    expect((await caller.admin.prompts.list()).find((v) => v.isActive)?.id).toBe(active.id);
    const actions = (
      await h.db.auditLog.findMany({ where: { actorId: admin.id, action: { startsWith: "prompt." } }, orderBy: { id: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(["prompt.created", "prompt.activated", "prompt.rolled_back"]);

    // Validation: out-of-range values are BAD_REQUEST with a sentence; nothing changed too.
    expect(
      await errorCode(caller.admin.prompts.create({ basedOnId: active.id, parameters: { ...current.parameters, temperature: 5 } })),
    ).toBe("BAD_REQUEST");
    expect(await errorCode(caller.admin.prompts.create({ basedOnId: active.id, parameters: current.parameters }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.admin.prompts.activate({ id: "missing" }))).toBe("NOT_FOUND");

    const provider = await caller.admin.prompts.provider();
    expect(provider.provider).toBe("extractive");
    expect(JSON.stringify(provider)).not.toMatch(/apiKey|sk-/);

    const asEmployee = await h.callerFor(employee.cookie);
    expect(await errorCode(asEmployee.admin.prompts.list())).toBe("FORBIDDEN");
    expect(await errorCode(asEmployee.admin.prompts.activate({ id: created.id }))).toBe("FORBIDDEN");
  });
});
