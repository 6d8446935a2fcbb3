import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG_BYTES, lieAboutSize, makeDocx, makeZip, markEncrypted, noise, renameEntry, utf8 } from "../testing/file-builders";
import { parseInputs, type FileResult } from "./parse-file";
import { expandInputs, type SourceInput, type SourceItem } from "./sources";
import type { IngestLimits } from "./types";
import { EntryTooLargeError, openZip, readEntries, readEntryBytes } from "./zip";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "lore-ingest-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(inputs: SourceInput[], limits?: Partial<IngestLimits>): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of expandInputs(inputs, limits)) items.push(item);
  return items;
}

const summary = (items: SourceItem[]) =>
  items.map((i) => (i.kind === "file" ? { file: i.name, id: i.externalId } : { file: i.name, error: i.error.code }));

async function write(rel: string, data: string | Uint8Array) {
  const full = path.join(dir, rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, data);
  return full;
}

describe("folders and files", () => {
  it("walks a folder recursively, in name order, with ids relative to the folder and without extensions", async () => {
    await write("handbook/hr/leave.md", "# Leave");
    await write("handbook/hr/Nghỉ phép.md".normalize("NFD"), "# Nghỉ phép");
    await write("handbook/index.html", "<h1>Handbook</h1>");
    await write("handbook/.git/config", "[core]");
    await write("handbook/.DS_Store", "junk");
    await write("handbook/__MACOSX/hr/._leave.md", "junk");
    await write("handbook/it/vpn.txt", "Use the VPN.");
    await symlink(path.join(dir, "handbook/it"), path.join(dir, "handbook/it-link"));

    const items = await collect([path.join(dir, "handbook")]);
    expect(summary(items)).toEqual([
      { file: "handbook/hr/Nghỉ phép.md", id: "hr/Nghỉ phép" },
      { file: "handbook/hr/leave.md", id: "hr/leave" },
      { file: "handbook/index.html", id: "index" },
      { file: "handbook/it/vpn.txt", id: "it/vpn" },
    ]);
    // macOS writes decomposed names; ids are NFC so the same page keeps the same id everywhere.
    const first = items[0];
    expect(first?.kind === "file" && first.externalId === first.externalId.normalize("NFC")).toBe(true);
  });

  it("takes single files and lists of files, and reports missing or oversized ones without stopping", async () => {
    const a = await write("loose/a.md", "A");
    const big = await write("loose/big.txt", "x".repeat(5000));
    const items = await collect([a, path.join(dir, "loose/missing.md"), big], { maxFileBytes: 1000 });
    expect(items.map((i) => (i.kind === "file" ? i.externalId : i.error.code))).toEqual(["a", "UNREADABLE", "TOO_LARGE"]);
    const missing = items[1];
    expect(missing?.kind === "error" && missing.error.message).toMatch(/does not exist/);
  });

  it("accepts uploaded bytes", async () => {
    const items = await collect([{ name: "Team notes.md", bytes: new TextEncoder().encode("hi") }]);
    expect(summary(items)).toEqual([{ file: "Team notes.md", id: "Team notes" }]);
  });

  it("reads uploaded files only when the expansion reaches them, one at a time, and throws a failing read", async () => {
    const reads: string[] = [];
    const lazy = (name: string, text: string) => ({
      name,
      read: async () => {
        reads.push(name);
        return new TextEncoder().encode(text);
      },
    });
    const zip = makeZip([{ name: "inner.md", data: "# Inner" }]);
    const files = expandInputs([lazy("a.md", "# A"), { name: "b.zip", read: async () => (reads.push("b.zip"), zip) }, lazy("c.md", "# C")]);
    expect(reads).toEqual([]);
    expect((await files.next()).value).toMatchObject({ kind: "file", name: "a.md" });
    expect(reads).toEqual(["a.md"]);
    expect((await files.next()).value).toMatchObject({ kind: "file", name: "b.zip/inner.md", externalId: "inner" });
    expect(reads).toEqual(["a.md", "b.zip"]);
    expect((await files.next()).value).toMatchObject({ kind: "file", name: "c.md" });
    expect((await files.next()).done).toBe(true);

    // The bytes the caller was to provide are not the user's file: not a per-file error, the caller's own failure.
    const gone = new Error("parts gone");
    const failing = expandInputs([lazy("ok.md", "# Ok"), { name: "gone.md", read: () => Promise.reject(gone) }]);
    expect((await failing.next()).value).toMatchObject({ name: "ok.md" });
    await expect(failing.next()).rejects.toBe(gone);
  });
});

describe("zip archives", () => {
  const wikiExport = () =>
    makeZip([
      { name: "Engineering/", directory: true },
      {
        name: "Engineering/Deploys.html",
        data: "<html><head><title>Deploys</title></head><body><h1>Deploys</h1><p>Ship on Tuesdays.</p></body></html>",
      },
      { name: "Engineering/On call/Rota.md", data: "# Rota\n\nWeekly." },
      { name: "HR/Leave.md", data: "# Leave\n\n25 days." },
      { name: "__MACOSX/HR/._Leave.md", data: "resource fork" },
      { name: ".hidden.md", data: "dotfile" },
      { name: "HR/.DS_Store", data: "junk" },
    ]);

  it("expands a wiki export with its folder structure as ids, skipping folders, __MACOSX and dotfiles", async () => {
    const zip = await wikiExport();
    const fromBytes = await collect([{ name: "wiki.zip", bytes: zip }]);
    expect(summary(fromBytes)).toEqual([
      { file: "wiki.zip/Engineering/Deploys.html", id: "Engineering/Deploys" },
      { file: "wiki.zip/Engineering/On call/Rota.md", id: "Engineering/On call/Rota" },
      { file: "wiki.zip/HR/Leave.md", id: "HR/Leave" },
    ]);
    // Streaming from disk gives the same result.
    const onDisk = await write("exports/wiki.zip", zip);
    expect(summary(await collect([onDisk]))).toEqual(summary(fromBytes).map((s) => ({ ...s, file: s.file.replace("wiki.zip", onDisk) })));
  });

  it("expands archives found in a folder under the archive's own path", async () => {
    await write("mixed/readme.md", "# Read me");
    await write("mixed/old/export.zip", await wikiExport());
    const ids = (await collect([path.join(dir, "mixed")])).map((i) => (i.kind === "file" ? i.externalId : i.error.code));
    expect(ids).toEqual(["old/export/Engineering/Deploys", "old/export/Engineering/On call/Rota", "old/export/HR/Leave", "readme"]);
  });

  it("refuses an archive with too many entries before reading them", async () => {
    const zip = await makeZip(Array.from({ length: 11 }, (_, i) => ({ name: `page-${i}.md`, data: `Page ${i}` })));
    const items = await collect([{ name: "many.zip", bytes: zip }], { maxZipEntries: 10 });
    expect(summary(items)).toEqual([{ file: "many.zip", error: "ZIP_TOO_MANY_ENTRIES" }]);
    expect(items[0]?.kind === "error" && items[0].error.message).toMatch(/has 11 entries; at most 10/);
  });

  it("refuses an honest zip bomb from its declared sizes without inflating it", async () => {
    const zip = await makeZip([
      { name: "ok.md", data: "Fine." },
      { name: "bomb.txt", data: new Uint8Array(3 * 1024 * 1024) },
    ]);
    expect(zip.length).toBeLessThan(10_000);
    const items = await collect([{ name: "bomb.zip", bytes: zip }], { maxZipTotalBytes: 1024 * 1024 });
    // Nothing from the archive is imported, not even the harmless file before the bomb.
    expect(summary(items)).toEqual([{ file: "bomb.zip", error: "ZIP_TOO_LARGE" }]);
    expect(items[0]?.kind === "error" && items[0].error.message).toMatch(/would inflate to 3 MB, above the 1 MB limit/);
  });

  it("stops a zip bomb whose header lies about its size as soon as it inflates past the declared size", async () => {
    const honest = await makeZip([
      { name: "before.md", data: "# Before" },
      { name: "bomb.txt", data: new Uint8Array(8 * 1024 * 1024) },
      { name: "after.md", data: "# After" },
    ]);
    const lying = lieAboutSize(honest, "bomb.txt", 1000);
    const items = await collect([{ name: "liar.zip", bytes: lying }], { maxZipTotalBytes: 1024 * 1024 });
    expect(summary(items)).toEqual([
      { file: "liar.zip/before.md", id: "before" },
      { file: "liar.zip/bomb.txt", error: "CORRUPT" },
      { file: "liar.zip/after.md", id: "after" },
    ]);
    // Stopped by the byte count as soon as the output passed the 1,000 declared bytes, not after 8 MB.
    expect(items[1]?.kind === "error" && items[1].error.message).toMatch(/more data than its header declares/);
  });

  it("counts inflated bytes, not header claims, while reading an entry", async () => {
    const zip = await makeZip([{ name: "big.txt", data: new Uint8Array(3 * 1024 * 1024) }]);
    const file = await openZip({ bytes: zip });
    try {
      const [entry] = await readEntries(file, 10);
      if (!entry) throw new Error("no entry");
      await expect(readEntryBytes(file, entry.entry, 64 * 1024)).rejects.toBeInstanceOf(EntryTooLargeError);
    } finally {
      file.close();
    }
  });

  it("refuses oversized entries one by one and imports the rest", async () => {
    const zip = await makeZip([
      { name: "small.md", data: "# Small" },
      { name: "large.txt", data: "y".repeat(200_000) },
    ]);
    const items = await collect([{ name: "a.zip", bytes: zip }], { maxFileBytes: 100_000 });
    expect(summary(items)).toEqual([
      { file: "a.zip/small.md", id: "small" },
      { file: "a.zip/large.txt", error: "TOO_LARGE" },
    ]);
  });

  it("rejects entries that try to escape the archive and keeps the others", async () => {
    let zip = await makeZip([
      { name: "good.md", data: "# Good" },
      { name: "xx/xx/etc/evil.md", data: "# Evil" },
      { name: "Xabsolute.md", data: "# Absolute" },
    ]);
    zip = renameEntry(zip, "xx/xx/etc/evil.md", "../../etc/evil.md");
    zip = renameEntry(zip, "Xabsolute.md", "/absolute.md");
    const items = await collect([{ name: "traversal.zip", bytes: zip }]);
    expect(summary(items)).toEqual([
      { file: "traversal.zip/good.md", id: "good" },
      { file: "traversal.zip/../../etc/evil.md", error: "UNSAFE_PATH" },
      { file: "traversal.zip//absolute.md", error: "UNSAFE_PATH" },
    ]);
  });

  it("reports encrypted entries, nested archives and damaged archives", async () => {
    const inner = await makeZip([{ name: "x.md", data: "x" }]);
    const zip = markEncrypted(
      await makeZip([
        { name: "locked.md", data: "secret" },
        { name: "inner.zip", data: inner },
        { name: "open.md", data: "# Open" },
      ]),
      "locked.md",
    );
    expect(summary(await collect([{ name: "mixed.zip", bytes: zip }]))).toEqual([
      { file: "mixed.zip/locked.md", error: "ENCRYPTED" },
      { file: "mixed.zip/inner.zip", error: "UNSUPPORTED_TYPE" },
      { file: "mixed.zip/open.md", id: "open" },
    ]);
    expect(summary(await collect([{ name: "noise.zip", bytes: noise(5000) }]))).toEqual([{ file: "noise.zip", error: "CORRUPT" }]);
  });

  it("treats a Word document named .zip as the Word document it is", async () => {
    const items = await collect([{ name: "minutes.zip", bytes: await makeDocx() }]);
    expect(summary(items)).toEqual([{ file: "minutes.zip", id: "minutes" }]);
  });
});

describe("parseInputs", () => {
  it("parses a batch where bad files fail alone, with one result per file", async () => {
    const zip = await makeZip([
      { name: "policies/leave.md", data: "# Leave\n\n25 days." },
      { name: "policies/leave.html", data: "<h1>Leave (old export)</h1><p>20 days.</p>" },
      { name: "policies/logo.md", data: PNG_BYTES },
      { name: "policies/broken.pdf", data: "%PDF-1.7\nnot really" },
      {
        name: "kb.jsonl",
        data: '{"id":"policies/leave","title":"Clash","text":"x"}\n{"id":"kb-1","title":"VPN","text":"Use it."}\nnot json\n',
      },
      { name: "notes.txt", data: "Remember the milk." },
    ]);
    const results: FileResult[] = [];
    for await (const result of parseInputs([{ name: "batch.zip", bytes: zip }])) results.push(result);

    const view = results.map((r) => ({ file: r.file, docs: r.documents.map((d) => d.externalId), errors: r.errors.map((e) => e.code) }));
    expect(view).toEqual([
      { file: "batch.zip/policies/leave.md", docs: ["policies/leave"], errors: [] },
      { file: "batch.zip/policies/leave.html", docs: [], errors: ["DUPLICATE_ID"] },
      { file: "batch.zip/policies/logo.md", docs: [], errors: ["MISLABELLED"] },
      { file: "batch.zip/policies/broken.pdf", docs: [], errors: ["CORRUPT"] },
      { file: "batch.zip/kb.jsonl", docs: ["kb-1"], errors: ["INVALID_RECORD", "DUPLICATE_ID"] },
      { file: "batch.zip/notes.txt", docs: ["notes"], errors: [] },
    ]);
    expect(results[1]?.errors[0]?.message).toMatch(
      /"batch.zip\/policies\/leave.html" maps to the document id "policies\/leave", which "batch.zip\/policies\/leave.md" already uses/,
    );
  });

  it("refuses a file whose name cannot be a document id (control characters, too long a path), and imports the rest", async () => {
    const deep = `${"section/".repeat(50)}page.md`; // an id of 404 characters
    const results: FileResult[] = [];
    for await (const result of parseInputs([
      { name: "tab\u0009and\u0000nul.md", bytes: utf8("# Odd\n\nText.") },
      {
        name: "wiki.zip",
        bytes: await makeZip([
          { name: deep, data: "# Deep\n\nDown here." },
          { name: "fine.md", data: "# Fine\n\nUp here." },
        ]),
      },
    ])) {
      results.push(result);
    }
    expect(results.map((r) => ({ file: r.file, docs: r.documents.map((d) => d.externalId), errors: r.errors.map((e) => e.code) }))).toEqual(
      [
        { file: "tab\\u0009and\\u0000nul.md", docs: [], errors: ["INVALID_NAME"] },
        { file: `wiki.zip/${deep}`, docs: [], errors: ["INVALID_NAME"] },
        { file: "wiki.zip/fine.md", docs: ["fine"], errors: [] },
      ],
    );
    expect(results[0]?.errors[0]?.message).toMatch(/the id \(its path without the extension\) contains control characters\. Rename it/);
    expect(results[1]?.errors[0]?.message).toMatch(
      /the id \(its path without the extension\) is 404 characters long; at most 400 are allowed/,
    );
  });
});
