import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, startHarness, type Harness } from "../../test/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());


describe("health and session", () => {
  it("health.ping reports the database up, without signing in", async () => {
    const result = await (await h.callerFor()).health.ping();
    expect(result).toMatchObject({ ok: true, db: "up" });
  });

  it("session.me returns the user, their role and groups", async () => {
    const user = await h.createUser();
    const group = await h.db.group.create({ data: { id: randomUUID(), name: `me-${Date.now()}` } });
    await h.db.groupMembership.create({ data: { userId: user.id, groupId: group.id } });
    const me = await (await h.callerFor(user.cookie)).session.me();
    expect(me).toMatchObject({ id: user.id, email: user.email, role: "employee", groups: [{ id: group.id, name: group.name }] });
  });
});

describe("admin.users", () => {
  it("lists and searches users with pagination", async () => {
    const admin = await h.createUser("admin");
    const a = await h.createUser();
    await h.createUser();
    const caller = await h.callerFor(admin.cookie);
    const page = await caller.admin.users.list({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeTruthy();
    const next = await caller.admin.users.list({ limit: 2, cursor: page.nextCursor! });
    expect(next.items[0]?.id).not.toBe(page.items[1]?.id);
    const found = await caller.admin.users.list({ query: a.email.toUpperCase() });
    expect(found.items.map((u) => u.id)).toEqual([a.id]);
    // A page that continues from a user deleted meanwhile says so, rather than looking like the end.
    const gone = await h.createUser();
    await h.db.user.delete({ where: { id: gone.id } });
    expect(await errorCode(caller.admin.users.list({ limit: 2, cursor: gone.id }))).toBe("NOT_FOUND");
  });

  it("changes a role, audits it, and refuses to remove the last admin", async () => {
    // Start from a database where this admin is the only one.
    await h.db.user.updateMany({ where: { role: "admin" }, data: { role: "employee" } });
    const admin = await h.createUser("admin");
    const target = await h.createUser();
    const caller = await h.callerFor(admin.cookie);

    await caller.admin.users.setRole({ userId: target.id, role: "admin" });
    expect((await h.db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("admin");
    const entry = await h.db.auditLog.findFirst({ where: { action: "user.role_changed", targetId: target.id } });
    expect(entry).toMatchObject({ actorId: admin.id, data: { from: "employee", to: "admin" } });

    await caller.admin.users.setRole({ userId: target.id, role: "employee" });
    expect(await errorCode(caller.admin.users.setRole({ userId: admin.id, role: "employee" }))).toBe("CONFLICT");
    expect((await h.db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
  });

  it("rejects invalid input with BAD_REQUEST and unknown users with NOT_FOUND", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    expect(await errorCode(caller.admin.users.setRole({ userId: "x", role: "root" as "admin" }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.admin.users.setRole({ userId: "nobody", role: "admin" }))).toBe("NOT_FOUND");
  });
});

describe("admin.groups", () => {
  it("creates, lists, manages members and deletes a group", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    const member = await h.createUser();
    const name = `team-${Date.now()}`;
    const group = await caller.admin.groups.create({ name, description: "A test team" });
    expect(await errorCode(caller.admin.groups.create({ name }))).toBe("CONFLICT");

    await caller.admin.groups.addMember({ groupId: group.id, userId: member.id });
    await caller.admin.groups.addMember({ groupId: group.id, userId: member.id }); // idempotent
    expect((await caller.admin.groups.members({ id: group.id })).map((m) => m.id)).toEqual([member.id]);
    expect((await caller.admin.groups.list()).find((g) => g.id === group.id)).toMatchObject({ memberCount: 1, documentCount: 0 });

    await caller.admin.groups.removeMember({ groupId: group.id, userId: member.id });
    expect(await errorCode(caller.admin.groups.removeMember({ groupId: group.id, userId: member.id }))).toBe("NOT_FOUND");
    await caller.admin.groups.delete({ id: group.id });
    expect(await h.db.group.findUnique({ where: { id: group.id } })).toBeNull();
    const actions = (await h.db.auditLog.findMany({ where: { targetId: group.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["group.created", "group.member_added", "group.member_added", "group.member_removed", "group.deleted"]);
  });

  it("validates group names", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    expect(await errorCode(caller.admin.groups.create({ name: "Has Spaces" }))).toBe("BAD_REQUEST");
  });

  it("refuses to delete a group that still restricts documents (it would make them public)", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    const group = await caller.admin.groups.create({ name: `guard-${Date.now()}` });
    const documentId = randomUUID();
    await h.db.document.create({
      data: { id: documentId, source: "test", externalId: documentId, title: "Secret", mimeType: "text/markdown", contentHash: "x" },
    });
    await h.db.documentAccess.create({ data: { documentId, groupId: group.id } });
    expect(await errorCode(caller.admin.groups.delete({ id: group.id }))).toBe("CONFLICT");
    expect(await h.db.group.findUnique({ where: { id: group.id } })).not.toBeNull();
  });
});

describe("admin.audit", () => {
  it("pages through the audit log newest first", async () => {
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    const first = await caller.admin.audit.list({ limit: 3 });
    expect(first.items).toHaveLength(3);
    const ids = first.items.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    const second = await caller.admin.audit.list({ limit: 3, cursor: first.nextCursor! });
    expect(BigInt(second.items[0]!.id)).toBeLessThan(ids.at(-1)!);
  });
});

describe("admin.search.debug", () => {
  it("searches as another user, honouring that user's groups", async () => {
    const { indexDocument } = await import("@lore/core/knowledge-base");
    const { createHashingEmbedder } = await import("@lore/core/embed");
    const embedder = createHashingEmbedder();
    const admin = await h.createUser("admin");
    const outsider = await h.createUser();
    const group = await h.db.group.create({ data: { id: randomUUID(), name: `vault-${Date.now()}` } });
    const doc = (title: string, text: string, externalId: string) => ({ externalId, title, mimeType: "text/markdown", text });
    await indexDocument(h.db, { source: "test", doc: doc("Public travel", "# Travel\n\nTrain tickets are booked through Quokkarail.", "pub") }, { embedder });
    await indexDocument(
      h.db,
      { source: "test", doc: doc("Vault codes", "# Vault\n\nThe quokkarail vault code is kept by finance.", "sec"), groups: [group.name] },
      { embedder },
    );
    const caller = await h.callerFor(admin.cookie);

    const asOutsider = await caller.admin.search.debug({ query: "quokkarail", asUserId: outsider.id });
    expect(asOutsider.results.map((r) => r.title)).toEqual(["Public travel"]);
    expect(asOutsider.results[0]?.scores.fused).toBeGreaterThan(0);

    await h.db.groupMembership.create({ data: { userId: outsider.id, groupId: group.id } });
    const asMember = await caller.admin.search.debug({ query: "quokkarail", asUserId: outsider.id });
    expect(asMember.results.map((r) => r.title).sort()).toEqual(["Public travel", "Vault codes"]);
    expect(await errorCode(caller.admin.search.debug({ query: "x", asUserId: "nobody" }))).toBe("NOT_FOUND");

    // The configured fusion is reported, and another one can be tried (with weights summing to 1, an RRF score is
    // at most 1/61; relative scores reach 1).
    const { searchFusion } = await import("@lore/core/retrieve");
    const configured = searchFusion(embedder.id);
    expect(asMember).toMatchObject({ fusion: configured.method, vectorWeight: configured.vectorWeight });
    const rrf = await caller.admin.search.debug({ query: "quokkarail vault", asUserId: outsider.id, fusion: "rrf", vectorWeight: 0.4 });
    expect(rrf).toMatchObject({ fusion: "rrf", vectorWeight: 0.4 });
    // Without a weight, the method's own default: RRF's is the even split.
    expect(await caller.admin.search.debug({ query: "quokkarail", fusion: "rrf" })).toMatchObject({ fusion: "rrf", vectorWeight: searchFusion(embedder.id, "rrf").vectorWeight });
    expect(rrf.results[0]!.scores.fused).toBeLessThanOrEqual(1 / 61);
    const relative = await caller.admin.search.debug({ query: "quokkarail vault", asUserId: outsider.id, fusion: "relative_score", vectorWeight: 0.5 });
    expect(relative.results[0]!.scores.fused).toBeGreaterThan(1 / 61);
    expect(await errorCode(caller.admin.search.debug({ query: "x", vectorWeight: 2 }))).toBe("BAD_REQUEST");
    await expect(caller.admin.search.debug({ query: "quokka\u0000rail" })).rejects.toThrow(/Remove the NUL character/);
    expect(await errorCode(caller.admin.users.list({ query: "a\u0000" }))).toBe("BAD_REQUEST");
  });

  it("narrows the search by source, tags and dates", async () => {
    const { indexDocument } = await import("@lore/core/knowledge-base");
    const { createHashingEmbedder } = await import("@lore/core/embed");
    const embedder = createHashingEmbedder();
    const run = randomUUID().slice(0, 8);
    const page = (source: string, externalId: string, tags: string[]) =>
      indexDocument(
        h.db,
        { source, tags, doc: { externalId, title: `Wombatline ${externalId}`, mimeType: "text/markdown", text: `# Wombatline\n\nThe wombatline ${externalId} rota.` } },
        { embedder },
      );
    await page(`wiki-${run}`, "a", ["hr"]);
    await page(`wiki-${run}`, "b", ["it"]);
    await page(`drive-${run}`, "c", ["hr"]);
    // "c" changed later than the others.
    const later = new Date(Date.now() + 60_000);
    await h.db.document.updateMany({ where: { source: `drive-${run}` }, data: { updatedAt: later } });
    const caller = await h.callerFor((await h.createUser("admin")).cookie);
    const titles = async (filters: Record<string, unknown>) =>
      (await caller.admin.search.debug({ query: "wombatline rota", k: 10, filters })).results.map((r) => r.title).sort();

    expect(await titles({ sources: [`wiki-${run}`, `drive-${run}`] })).toEqual(["Wombatline a", "Wombatline b", "Wombatline c"]);
    expect(await titles({ sources: [`wiki-${run}`] })).toEqual(["Wombatline a", "Wombatline b"]);
    expect(await titles({ sources: [`wiki-${run}`, `drive-${run}`], tags: ["hr"] })).toEqual(["Wombatline a", "Wombatline c"]);
    expect(await titles({ sources: [`wiki-${run}`, `drive-${run}`], updatedAfter: new Date(later.getTime() - 1) })).toEqual(["Wombatline c"]);
    expect(await titles({ sources: [`wiki-${run}`, `drive-${run}`], updatedBefore: new Date(later.getTime() - 1) })).toEqual(["Wombatline a", "Wombatline b"]);
    // Bad filters are refused with what is wrong.
    expect(await errorCode(caller.admin.search.debug({ query: "x", filters: { tags: [] } }))).toBe("BAD_REQUEST");
    const backwards = caller.admin.search.debug({ query: "x", filters: { updatedAfter: later, updatedBefore: new Date(0) } });
    await expect(backwards).rejects.toThrow(/start date is after the end date/);
  });
});
