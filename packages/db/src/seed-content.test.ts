import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultSeedDir } from "./paths";
import { deriveTitle, loadSeedContent } from "./seed-content";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function contentDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lore-seed-"));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("loadSeedContent", () => {
  it("tolerates a missing folder", () => {
    const content = loadSeedContent(join(tmpdir(), "lore-seed-does-not-exist"));
    expect(content.pages).toEqual([]);
    expect(content.examples).toEqual([]);
    expect(content.warnings[0]).toMatch(/no wiki pages/);
  });

  it("reads pages with and without manifest entries and reports problems", () => {
    const dir = contentDir({
      "wiki/leave.md": "# Leave policy\n\nText.",
      "wiki/office.html": "<html><head><title>Ignored</title></head><body><h1>Our <em>office</em> &amp; you</h1></body></html>",
      "wiki/notes.pdf": "binary",
      "manifest.json": JSON.stringify([
        { file: "wiki/leave.md", groups: ["hr", "hr"], tags: ["leave"], url: "https://wiki.example/leave" },
        { file: "missing.md", groups: [], tags: [] },
      ]),
      "examples.json": JSON.stringify([
        { question: "How much leave?", answer: "25 days [1].", tags: ["leave"], documents: ["leave.md"] },
        { question: "", answer: "no question" },
      ]),
    });
    const content = loadSeedContent(dir);
    expect(content.pages.map((p) => [p.externalId, p.title, p.mimeType, p.groups, p.url])).toEqual([
      ["leave", "Leave policy", "text/markdown", ["hr"], "https://wiki.example/leave"],
      ["office", "Our office & you", "text/html", [], null],
    ]);
    expect(content.examples).toEqual([
      { question: "How much leave?", answer: "25 days [1].", tags: ["leave"], pinned: false, documents: ["leave"] },
    ]);
    expect(content.warnings.join("\n")).toMatch(/missing\.md[\s\S]*office\.html has no manifest[\s\S]*examples\.json\[1\]/);
  });

  it("survives malformed JSON", () => {
    const dir = contentDir({ "wiki/a.md": "# A", "manifest.json": "{", "examples.json": "{}" });
    const content = loadSeedContent(dir);
    expect(content.pages).toHaveLength(1);
    expect(content.warnings.join("\n")).toMatch(/manifest.json is not valid JSON[\s\S]*examples.json is not an array/);
  });

  it("loads the repository's demo content without warnings", () => {
    const content = loadSeedContent(defaultSeedDir());
    expect(content.warnings).toEqual([]);
    expect(content.pages.length).toBeGreaterThan(0);
    const externalIds = new Set(content.pages.map((p) => p.externalId));
    for (const example of content.examples) for (const doc of example.documents) expect(externalIds).toContain(doc);
  });
});

describe("deriveTitle", () => {
  it("falls back to the file name", () => {
    expect(deriveTitle("expense-policy.md", "no heading", "text/markdown")).toBe("Expense policy");
  });
});
