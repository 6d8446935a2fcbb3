import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

describe("admin.search.debug", () => {
  it("searches as another user, honouring that user's groups", async () => {
    const { indexDocument } = await import("@lore/core/knowledge-base");
    const { createHashingEmbedder } = await import("@lore/core/embed");
    const embedder = createHashingEmbedder();
    const admin = await h.createUser("admin");
    const outsider = await h.createUser();
    const group = await h.db.group.create({ data: { id: randomUUID(), name: `vault-${Date.now()}` } });
    const doc = (title: string, text: string, externalId: string) => ({ externalId, title, mimeType: "text/markdown", text });
    await indexDocument(
      h.db,
      { source: "test", doc: doc("Public travel", "# Travel\n\nTrain tickets are booked through Quokkarail.", "pub") },
      { embedder },
    );
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
    expect(await caller.admin.search.debug({ query: "quokkarail", fusion: "rrf" })).toMatchObject({
      fusion: "rrf",
      vectorWeight: searchFusion(embedder.id, "rrf").vectorWeight,
    });
    expect(rrf.results[0]!.scores.fused).toBeLessThanOrEqual(1 / 61);
    const relative = await caller.admin.search.debug({
      query: "quokkarail vault",
      asUserId: outsider.id,
      fusion: "relative_score",
      vectorWeight: 0.5,
    });
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
        {
          source,
          tags,
          doc: {
            externalId,
            title: `Wombatline ${externalId}`,
            mimeType: "text/markdown",
            text: `# Wombatline\n\nThe wombatline ${externalId} rota.`,
          },
        },
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
    expect(await titles({ sources: [`wiki-${run}`, `drive-${run}`], updatedAfter: new Date(later.getTime() - 1) })).toEqual([
      "Wombatline c",
    ]);
    expect(await titles({ sources: [`wiki-${run}`, `drive-${run}`], updatedBefore: new Date(later.getTime() - 1) })).toEqual([
      "Wombatline a",
      "Wombatline b",
    ]);
    // Bad filters are refused with what is wrong.
    expect(await errorCode(caller.admin.search.debug({ query: "x", filters: { tags: [] } }))).toBe("BAD_REQUEST");
    const backwards = caller.admin.search.debug({ query: "x", filters: { updatedAfter: later, updatedBefore: new Date(0) } });
    await expect(backwards).rejects.toThrow(/start date is after the end date/);
  });
});
