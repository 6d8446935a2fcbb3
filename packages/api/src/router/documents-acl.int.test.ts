// Access control through the API, as a property over random users, groups and documents: an employee can
// open (documents.view) exactly the documents they may read, and an admin's search debug, run as a user,
// returns nothing that user may not read. The same rule is tested on the retrievers themselves in
// packages/core/src/retrieve/search.int.test.ts.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "@lore/core/embed";
import { prng } from "@lore/core/eval";
import { indexDocument } from "@lore/core/knowledge-base";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();

describe("access control through the API (property test)", () => {
  it("documents.view opens exactly the readable documents, and search.debug as a user returns only what they may read", async () => {
    const seed = 20261125;
    const rand = prng(seed);
    const run = randomUUID().slice(0, 8);
    const embedder = createHashingEmbedder();

    const groups = await Promise.all(
      Array.from({ length: 4 }, (_, i) => h.db.group.create({ data: { id: randomUUID(), name: `api-acl-${run}-g${i}` } })),
    );
    const admin = await h.createUser("admin");
    const users = await Promise.all(Array.from({ length: 6 }, () => h.createUser()));
    const memberOf = new Map<string, Set<string>>(users.map((u) => [u.id, new Set()]));
    for (const u of users) for (const g of groups) if (rand() < 0.35) memberOf.get(u.id)!.add(g.id);
    await h.db.groupMembership.createMany({
      data: users.flatMap((u) => [...memberOf.get(u.id)!].map((groupId) => ({ userId: u.id, groupId }))),
    });

    const token = `acltoken${run.replace(/-/g, "")}`;
    const docs: { id: string; groups: string[] }[] = [];
    for (let i = 0; i < 16; i++) {
      const docGroups =
        rand() < 0.6 ? [...new Set([groups[Math.floor(rand() * groups.length)]!, groups[Math.floor(rand() * groups.length)]!])] : [];
      const r = await indexDocument(
        h.db,
        {
          source: `api-acl-${run}`,
          doc: {
            externalId: `d${i}`,
            title: `Page ${i}`,
            mimeType: "text/markdown",
            text: `# Page ${i}\n\nThe ${token} rules, part ${i}.`,
          },
          groups: docGroups.map((g) => g.name),
        },
        { embedder },
      );
      docs.push({ id: r.documentId, groups: docGroups.map((g) => g.id) });
    }
    const readable = (userId: string | null, d: (typeof docs)[number]) =>
      d.groups.length === 0 || (userId !== null && d.groups.some((g) => memberOf.get(userId)?.has(g)));
    expect(docs.some((d) => d.groups.length > 0) && docs.some((d) => d.groups.length === 0)).toBe(true);

    const adminCaller = await h.callerFor(admin.cookie);
    let opened = 0;
    let refused = 0;
    for (const user of [...users, null]) {
      const caller = await h.callerFor(user?.cookie);
      for (const d of docs) {
        const code = await errorCode(caller.documents.view({ id: d.id }));
        if (user === null) {
          expect(code, `seed ${seed}: anonymous view of ${d.id}`).toBe("UNAUTHORIZED");
          continue;
        }
        const allowed = readable(user.id, d);
        expect(code, `seed ${seed}: ${user.id} viewing ${d.id} (groups ${d.groups.join(",") || "none"})`).toBe(
          allowed ? null : "NOT_FOUND",
        );
        if (allowed) opened++;
        else refused++;
      }
      if (user === null) continue;
      // documents.currentVersions leaves out, silently, exactly the documents view refuses.
      const current = await caller.documents.currentVersions({ ids: docs.map((d) => d.id) });
      expect(current.map((c) => c.id).sort(), `seed ${seed}: currentVersions for ${user.id}`).toEqual(
        docs
          .filter((d) => readable(user.id, d))
          .map((d) => d.id)
          .sort(),
      );
      const debug = await adminCaller.admin.search.debug({ query: token, asUserId: user.id, k: 50 });
      const found = new Set(debug.results.map((r) => r.documentId));
      for (const d of docs) expect(found.has(d.id), `seed ${seed}: search.debug as ${user.id} for ${d.id}`).toBe(readable(user.id, d));
    }
    expect(opened).toBeGreaterThan(10); // both sides of the property were exercised
    expect(refused).toBeGreaterThan(10);
  });
});
