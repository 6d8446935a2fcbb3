import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@lore/db/testing";
import { createHashingEmbedder } from "../../embed/index";
import { diffText, diffVersions } from "..";
import { indexDocument } from "../publish/publish";

const db = useTestDatabase();
const embedder = createHashingEmbedder();

describe("version diff", () => {
  it("gives hunks of added, removed and context lines with both line numbers", () => {
    const diff = diffText("one\ntwo\nthree\n", "one\n2\nthree\nfour\n");
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    expect(diff.hunks).toHaveLength(1);
    expect(diff.hunks[0]!.lines).toEqual([
      { kind: "context", text: "one", oldLine: 1, newLine: 1 },
      { kind: "removed", text: "two", oldLine: 2, newLine: null },
      { kind: "added", text: "2", oldLine: null, newLine: 2 },
      { kind: "context", text: "three", oldLine: 3, newLine: 3 },
      { kind: "added", text: "four", oldLine: null, newLine: 4 },
    ]);
    expect(diffText("same\n", "same\n").hunks).toEqual([]);
  });

  it("diffs two versions of one document, and refuses a version of another", async () => {
    const source = `diff-${randomUUID()}`;
    const doc = (text: string) => ({ externalId: "policy", title: "Policy", mimeType: "text/markdown", text });
    const v1 = await indexDocument(db.prisma, { source, doc: doc("# Policy\n\nLeave is 20 days.\n\nAsk HR.") }, { embedder });
    const v2 = await indexDocument(db.prisma, { source, doc: doc("# Policy\n\nLeave is 25 days.\n\nAsk HR.") }, { embedder });
    const diff = await diffVersions(db.prisma, { documentId: v1.documentId, fromVersionId: v1.versionId, toVersionId: v2.versionId });
    expect(diff.from.version).toBe(1);
    expect(diff.to.version).toBe(2);
    const changed = diff.hunks.flatMap((h) => h.lines).filter((l) => l.kind !== "context");
    expect(changed.map((l) => [l.kind, l.text])).toEqual([
      ["removed", "Leave is 20 days."],
      ["added", "Leave is 25 days."],
    ]);
    const other = await indexDocument(db.prisma, { source, doc: { ...doc("Other."), externalId: "other" } }, { embedder });
    await expect(
      diffVersions(db.prisma, { documentId: v1.documentId, fromVersionId: v1.versionId, toVersionId: other.versionId }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
