import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { z } from "zod";

/*
 * Reads the demo content in prisma/seed: wiki/ pages, manifest.json (one entry per page) and
 * examples.json (few-shot examples). Anything missing or malformed becomes a warning, never a
 * crash: the folder is hand-edited content, and the rest of the seed must still run.
 */

const manifestEntry = z.object({
  file: z.string().min(1),
  title: z.string().trim().min(1).optional(),
  groups: z.array(z.string().trim().min(1)).default([]),
  tags: z.array(z.string().trim().min(1)).default([]),
  url: z.string().trim().min(1).optional(),
});

// An array, or `{ "pages": [...] }`.
const manifestSchema = z.union([z.array(manifestEntry), z.object({ pages: z.array(manifestEntry) }).transform((m) => m.pages)]);

const exampleSchema = z.object({
  question: z.string().trim().min(1),
  answer: z.string().trim().min(1),
  tags: z.array(z.string().trim().min(1)).default([]),
  pinned: z.boolean().default(false),
  documents: z.array(z.string().min(1)).default([]),
});

export interface SeedPage {
  /** File name in wiki/, e.g. "parental-leave.md". */
  file: string;
  /** The file name without its extension: the document's externalId. */
  externalId: string;
  title: string;
  mimeType: string;
  content: string;
  /** SHA-256 of the content, hex. */
  contentHash: string;
  byteSize: number;
  groups: string[];
  tags: string[];
  url: string | null;
}

export interface SeedExample {
  question: string;
  answer: string;
  tags: string[];
  pinned: boolean;
  /** externalIds of the documents the answer cites, in citation order. */
  documents: string[];
}

export interface SeedContent {
  pages: SeedPage[];
  examples: SeedExample[];
  warnings: string[];
}

const MIME_TYPES: Record<string, string> = {
  ".md": "text/markdown",
  ".markdown": "text/markdown",
  ".html": "text/html",
  ".htm": "text/html",
  ".txt": "text/plain",
};

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A file name's stem, which identifies the page: "wiki/parental-leave.md" → "parental-leave". */
export function externalIdOf(file: string): string {
  const name = basename(file);
  return name.slice(0, name.length - extname(name).length);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** A title for a page the manifest does not name: its first heading, else its file name. */
export function deriveTitle(file: string, content: string, mimeType: string): string {
  if (mimeType === "text/html") {
    const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(content)?.[1] ?? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(content)?.[1];
    const text = heading
      ? decodeEntities(heading.replace(/<[^>]+>/g, ""))
          .replace(/\s+/g, " ")
          .trim()
      : "";
    if (text) return text;
  } else {
    const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(content)?.[1]?.trim();
    if (heading) return heading;
  }
  const stem = externalIdOf(file).replace(/[-_]+/g, " ").trim();
  return stem ? stem.charAt(0).toUpperCase() + stem.slice(1) : file;
}

function readJson(path: string, label: string, warnings: string[]): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch (error) {
    warnings.push(`${label} is not valid JSON (${(error as Error).message}); ignored`);
    return undefined;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}

export function loadSeedContent(dir: string): SeedContent {
  const warnings: string[] = [];
  const wikiDir = join(dir, "wiki");

  const files = existsSync(wikiDir)
    ? readdirSync(wikiDir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && MIME_TYPES[extname(entry.name).toLowerCase()])
        .map((entry) => entry.name)
        .sort()
    : [];
  if (files.length === 0) warnings.push(`no wiki pages found in ${wikiDir}`);

  const manifestRaw = readJson(join(dir, "manifest.json"), "manifest.json", warnings);
  const manifest = new Map<string, z.output<typeof manifestEntry>>();
  if (manifestRaw !== undefined) {
    const parsed = manifestSchema.safeParse(manifestRaw);
    if (!parsed.success) warnings.push(`manifest.json does not have the expected shape (${describeIssues(parsed.error)}); ignored`);
    else {
      for (const entry of parsed.data) {
        // Entries may name the file with or without the wiki/ folder.
        const name = basename(entry.file);
        if (!files.includes(name)) warnings.push(`manifest.json lists ${entry.file}, which is not in wiki/; skipped`);
        else manifest.set(name, entry);
      }
    }
  }

  const pages: SeedPage[] = files.map((file) => {
    const content = readFileSync(join(wikiDir, file), "utf8");
    const mimeType = MIME_TYPES[extname(file).toLowerCase()] ?? "text/plain";
    const entry = manifest.get(file);
    if (manifestRaw !== undefined && !entry) warnings.push(`wiki/${file} has no manifest.json entry; seeded as readable by everyone`);
    return {
      file,
      externalId: externalIdOf(file),
      title: entry?.title ?? deriveTitle(file, content, mimeType),
      mimeType,
      content,
      contentHash: sha256(content),
      byteSize: Buffer.byteLength(content, "utf8"),
      groups: [...new Set(entry?.groups ?? [])],
      tags: [...new Set(entry?.tags ?? [])],
      url: entry?.url ?? null,
    };
  });

  const examples: SeedExample[] = [];
  const examplesRaw = readJson(join(dir, "examples.json"), "examples.json", warnings);
  if (examplesRaw !== undefined) {
    if (!Array.isArray(examplesRaw)) warnings.push("examples.json is not an array; ignored");
    else {
      examplesRaw.forEach((raw, index) => {
        const parsed = exampleSchema.safeParse(raw);
        if (!parsed.success) {
          warnings.push(`examples.json[${index}] skipped: ${describeIssues(parsed.error)}`);
          return;
        }
        examples.push({ ...parsed.data, documents: parsed.data.documents.map(externalIdOf) });
      });
    }
  }

  return { pages, examples, warnings };
}
