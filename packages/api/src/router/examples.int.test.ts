import { describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

describe("admin.examples", () => {
  it("creates, lists, edits, toggles, reviews, exports and deletes; employees are refused", async () => {
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    const caller = await h.callerFor(admin.cookie);
    expect(await errorCode((await h.callerFor(employee.cookie)).admin.examples.list({}))).toBe("FORBIDDEN");
    expect(await errorCode(caller.admin.examples.create({ question: " ", answer: "x" }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.admin.examples.create({ question: "Q?", answer: "A", documentIds: ["missing"] }))).toBe("BAD_REQUEST");

    const created = await caller.admin.examples.create({ question: "Who approves travel?", answer: "Your **manager**.", tags: ["travel"] });
    expect(created.embedded).toBe(true);
    const listed = await caller.admin.examples.list({ query: "approves travel" });
    expect(listed.items.map((e) => [e.id, e.pending, e.stale])).toEqual([[created.id, false, []]]);

    const updated = await caller.admin.examples.update({
      id: created.id,
      question: "Who approves business travel?",
      answer: "Your manager.",
      tags: ["travel"],
    });
    expect(updated.changed).toEqual(["question", "answer"]);
    await caller.admin.examples.setFlags({ id: created.id, pinned: true });
    expect(await errorCode(caller.admin.examples.setFlags({ id: created.id }))).toBe("BAD_REQUEST");
    await caller.admin.examples.markReviewed({ id: created.id });
    expect(await caller.admin.examples.get({ id: created.id })).toMatchObject({
      question: "Who approves business travel?",
      pinned: true,
      pending: false,
    });

    const exported = await caller.admin.examples.export({});
    expect(exported.text).toContain('"question":"Who approves business travel?"');

    await caller.admin.examples.delete({ id: created.id });
    expect(await errorCode(caller.admin.examples.get({ id: created.id }))).toBe("NOT_FOUND");
    const actions = (await h.db.auditLog.findMany({ where: { targetId: created.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["example.created", "example.updated", "example.flags_changed", "example.reviewed", "example.deleted"]);
  });

  it("imports a batch with line numbers from the whole file", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    const text = [JSON.stringify({ question: "Batch question one?", answer: "One." }), "[]"].join("\n");
    const result = await caller.admin.examples.import({ text, firstLine: 101 });
    expect(result).toMatchObject({ imported: 1, errors: [{ line: 102, message: "expected a JSON object" }] });
    expect(await errorCode(caller.admin.examples.import({ text: "x".repeat(400_001) }))).toBe("BAD_REQUEST");
  });

  it("tries a question as a user: candidates with similarity and tokens, the selection, the prompt", async () => {
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    const caller = await h.callerFor(admin.cookie);
    const { id } = await caller.admin.examples.create({ question: "How do I book a meeting room?", answer: "Use the room planner." });
    const result = await caller.admin.examples.try({ question: "How do I book a meeting room?", asUserId: employee.id });
    const candidate = result.candidates.find((c) => c.id === id);
    expect(candidate).toMatchObject({ selected: true });
    expect(candidate!.similarity).toBeGreaterThan(0.99);
    expect(candidate!.tokens).toBeGreaterThan(5);
    expect(result.outcome).toBe("standard");
    expect("messages" in result.prompt).toBe(true);
    expect(await h.db.auditLog.count({ where: { action: "search.as_user", targetId: employee.id } })).toBe(1);
    expect(await errorCode(caller.admin.examples.try({ question: "x", asUserId: "nobody" }))).toBe("NOT_FOUND");
  });
});
