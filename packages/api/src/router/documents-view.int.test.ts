// The document viewer's procedures: a past version and a cited passage, never another document's.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "@lore/core/embed";
import { indexDocument } from "@lore/core/knowledge-base";
import { errorCode, useHarness } from "../../test/harness";

const h = useHarness();
const embedder = createHashingEmbedder();

async function publish(source: string, externalId: string, text: string) {
  return indexDocument(h.db, { source, doc: { externalId, title: `Page ${externalId}`, mimeType: "text/markdown", text } }, { embedder });
}

describe("documents.view with a version and a chunk", () => {
  it("shows a past version, locates a cited passage, and ignores or refuses another document's ids", async () => {
    const source = `viewer-${randomUUID()}`;
    const v1 = await publish(source, "a", "# Travel\n\n## Hotels\n\nBook through the portal.\n\n## Trains\n\nSecond class only.");
    const v2 = await publish(source, "a", "# Travel\n\n## Hotels\n\nBook through the new portal.\n\n## Trains\n\nFirst class allowed.");
    const other = await publish(source, "b", "# Other\n\nNothing to see.");
    expect(v2.documentId).toBe(v1.documentId);
    const user = await h.createUser();
    const caller = await h.callerFor(user.cookie);

    const current = await caller.documents.view({ id: v1.documentId });
    expect(current.isCurrent).toBe(true);
    expect(current.version.id).toBe(v2.versionId);
    expect(current.passage).toBeNull();

    const past = await caller.documents.view({ id: v1.documentId, versionId: v1.versionId });
    expect(past.isCurrent).toBe(false);
    expect(past.content).toContain("Second class only.");
    expect(past.currentVersion.id).toBe(v2.versionId);

    const [oldChunk] = await h.db.chunk.findMany({ where: { documentVersionId: v1.versionId }, orderBy: { ordinal: "asc" } });
    const cited = await caller.documents.view({ id: v1.documentId, versionId: v1.versionId, chunkId: oldChunk!.id });
    const range = cited.passage!.range!;
    expect(cited.content.slice(range.start, range.end)).toContain(oldChunk!.text.trim().split("\n")[0]);

    // Another document's version is a 404; another document's chunk is ignored.
    expect(await errorCode(caller.documents.view({ id: v1.documentId, versionId: other.versionId }))).toBe("NOT_FOUND");
    const [otherChunk] = await h.db.chunk.findMany({ where: { documentVersionId: other.versionId } });
    expect((await caller.documents.view({ id: v1.documentId, chunkId: otherChunk!.id })).passage).toBeNull();

    const versions = await caller.documents.currentVersions({ ids: [v1.documentId, other.documentId, "missing"] });
    expect(versions).toEqual(
      [
        { id: v1.documentId, versionId: v2.versionId },
        { id: other.documentId, versionId: other.versionId },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(await errorCode(caller.documents.currentVersions({ ids: [] }))).toBe("BAD_REQUEST");
  });
});
