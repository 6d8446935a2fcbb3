// admin.inspector.ask streamed over real HTTP (as a user, as a group, with a prompt version) and
// admin.inspector.trace of a chat answer; employees refused.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";
import { useHttpServer } from "../../test/http-server";

const h = useHarness();
let groupId = "";

beforeAll(async () => {
  const { indexDocument, getActiveEmbedder } = await import("@lore/core/knowledge-base");
  const embedder = await getActiveEmbedder(h.db);
  groupId = randomUUID();
  await h.db.group.create({ data: { id: groupId, name: `finance-${groupId.slice(0, 6)}` } });
  const page = (externalId: string, title: string, text: string, groups?: string[]) =>
    indexDocument(
      h.db,
      { source: "test", doc: { externalId, title, mimeType: "text/markdown", text }, ...(groups ? { groups } : {}) },
      { embedder },
    );
  await page("leave", "Annual leave", "# Annual leave\n\nEvery employee gets 27 days of annual leave per calendar year.");
  await page("budget", "Travel budget", "# Travel budget\n\nThe annual travel budget is set by finance in January.", [
    `finance-${groupId.slice(0, 6)}`,
  ]);
});

const { clientFor } = useHttpServer(h);

describe("admin.inspector", () => {
  it("streams an answer with its inspection as a user or a group, stores no conversation, audits each ask", async () => {
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    const client = clientFor(admin.cookie);
    const messages = await h.db.message.count();

    const ask = async (input: Parameters<typeof client.admin.inspector.ask.mutate>[0]) => {
      const events = [];
      for await (const event of await client.admin.inspector.ask.mutate(input)) events.push(event);
      return events;
    };
    const asEmployee = await ask({ question: "What is the annual travel budget?", asUserId: employee.id });
    expect(asEmployee.map((e) => e.type)).toEqual(expect.arrayContaining(["start", "inspection", "done"]));
    const inspection = asEmployee.find((e) => e.type === "inspection");
    if (inspection?.type !== "inspection") throw new Error("no inspection");
    expect(inspection.inspection.search?.fused.map((c) => c.title)).not.toContain("Travel budget");
    expect(inspection.inspection.prompt?.budget.sections.system).toBeGreaterThan(0);

    const asGroup = await ask({ question: "What is the annual travel budget?", asGroupIds: [groupId] });
    const groupInspection = asGroup.find((e) => e.type === "inspection");
    if (groupInspection?.type !== "inspection") throw new Error("no inspection");
    expect(groupInspection.inspection.search?.fused.map((c) => c.title)).toContain("Travel budget");

    expect(await h.db.message.count()).toBe(messages);
    expect(await h.db.auditLog.count({ where: { actorId: admin.id, action: "inspector.ask" } })).toBe(2);

    const caller = await h.callerFor(admin.cookie);
    expect(await errorCode(caller.admin.inspector.ask({ question: "x", asUserId: "nobody" }))).toBe("NOT_FOUND");
    expect(await errorCode(caller.admin.inspector.ask({ question: "x", asGroupIds: ["nope"] }))).toBe("NOT_FOUND");
    expect(await errorCode(caller.admin.inspector.ask({ question: "x", promptConfigId: "nope" }))).toBe("NOT_FOUND");
    expect(await errorCode(caller.admin.inspector.ask({ question: "x", asUserId: employee.id, asGroupIds: [groupId] }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("opens a chat answer's trace and inspection for admins only", async () => {
    const admin = await h.createUser("admin");
    const employee = await h.createUser();
    let messageId = "";
    for await (const event of await clientFor(employee.cookie).chat.send.mutate({ question: "How many days of annual leave?" })) {
      if (event.type === "done") messageId = event.message.id;
    }
    const caller = await h.callerFor(admin.cookie);
    const view = await caller.admin.inspector.trace({ messageId });
    expect(view).toMatchObject({ question: "How many days of annual leave?", asker: { id: employee.id } });
    expect(view.trace?.mode).toBe("extractive");
    expect(view.inspection?.prompt?.sent).toBe(false);
    expect(await errorCode(caller.admin.inspector.trace({ messageId: "missing" }))).toBe("NOT_FOUND");

    const asEmployee = await h.callerFor(employee.cookie);
    expect(await errorCode(asEmployee.admin.inspector.trace({ messageId }))).toBe("FORBIDDEN");
    expect(await errorCode(asEmployee.admin.inspector.ask({ question: "x" }))).toBe("FORBIDDEN");
    // The employee's own conversation carries no inspection.
    const conversation = await asEmployee.conversations.get({ id: view.conversationId });
    expect(JSON.stringify(conversation)).not.toContain("inspection");
  });
});
