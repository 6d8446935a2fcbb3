import { describe, expect, it } from "vitest";
import { diffText } from "./text-diff";

describe("diffText", () => {
  it("numbers lines on both sides and marks the changed words of a replaced line", () => {
    const diff = diffText("one\ntwo words here\nthree", "one\ntwo new words here\nthree\nfour");
    expect(diff.lines.map((l) => [l.kind, l.oldLine, l.newLine])).toEqual([
      ["unchanged", 1, 1],
      ["removed", 2, null],
      ["added", null, 2],
      ["unchanged", 3, 3],
      ["added", null, 4],
    ]);
    expect(diff.lines[2]!.segments.filter((s) => s.changed).map((s) => s.text.trim())).toEqual(["new"]);
    expect(diff).toMatchObject({ added: 2, removed: 1 });
    expect(diff.hunks).toHaveLength(1);
    expect(diff.hunks[0]).toMatchObject({ oldStart: 1, oldLines: 3, newStart: 1, newLines: 4 });
    expect(diff.hunks[0]!.lines[2]).toEqual({ kind: "added", text: "two new words here", oldLine: null, newLine: 2 });
  });

  it("splits far-apart changes into hunks with their context", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    const after = before.replace("line 2\n", "line two\n").replace("line 19", "line nineteen");
    const diff = diffText(before, after);
    expect(diff.hunks.map((h) => [h.oldStart, h.oldLines])).toEqual([
      [1, 5],
      [16, 5],
    ]);
  });

  it("is empty of changes for equal texts", () => {
    const diff = diffText("a\nb", "a\nb");
    expect(diff).toMatchObject({ added: 0, removed: 0 });
    expect(diff.lines).toHaveLength(2);
    expect(diff.hunks).toEqual([]);
  });
});
