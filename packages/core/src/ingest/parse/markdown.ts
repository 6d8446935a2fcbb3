/**
 * Markdown files are already in our canonical form: we keep the author's source (re-serialising through
 * an AST would add escapes and reflow lists for no gain) and only normalise whitespace and Unicode.
 */
import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { normaliseInline, normaliseLanguage, normaliseText, titleFromFileName } from "../normalize";
import { IngestError, type ParseContext, type ParsedDocument } from "../types";

/** Parses Markdown into mdast with GitHub-flavoured extensions (tables, strikethrough, task lists). */
export function parseMarkdownTree(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** The visible text of an mdast node (a heading's words without `**`, links reduced to their text). */
export function plainText(node: Nodes): string {
  if ("value" in node && typeof node.value === "string" && node.type !== "html") return node.value;
  if (node.type === "image" || node.type === "imageReference") return node.alt ?? "";
  if ("children" in node) return (node.children as Nodes[]).map(plainText).join("");
  return "";
}

/** Text of the first top-level heading of the given depth, if any. */
export function firstHeading(tree: Root, depth = 1): string | undefined {
  for (const node of tree.children) {
    if (node.type === "heading" && node.depth === depth) {
      const text = normaliseInline(plainText(node));
      if (text !== "") return text;
    }
  }
  return undefined;
}

export interface FrontMatter {
  body: string;
  title?: string;
  language?: string;
}

const FRONT_MATTER_LINE = /^(?:[A-Za-z_][\w-]*\s*:.*|\s.*|-\s.*|#.*|)$/;

/**
 * Splits off a YAML front-matter block (`---` … `---`), which Jekyll, Hugo, Docusaurus and Obsidian
 * exports put before the content. Only the `title` and `lang`/`language` scalars are read: that is all
 * we need, and no YAML library is a dependency. Anything that does not look like front matter (a
 * leading thematic break, say) is left untouched.
 */
export function extractFrontMatter(text: string): FrontMatter {
  const lines = text.split("\n");
  if (lines[0]?.trim() !== "---") return { body: text };
  const end = lines.findIndex((line, i) => i > 0 && (line.trim() === "---" || line.trim() === "..."));
  if (end === -1 || end > 200) return { body: text };
  const block = lines.slice(1, end);
  if (!block.every((line) => FRONT_MATTER_LINE.test(line))) return { body: text };
  const scalar = (key: RegExp) => {
    for (const line of block) {
      const match = key.exec(line);
      if (match?.[1] !== undefined) {
        const value = match[1]
          .trim()
          .replace(/^(["'])(.*)\1$/, "$2")
          .trim();
        if (value !== "") return value;
      }
    }
    return undefined;
  };
  const title = scalar(/^title\s*:\s*(.*)$/);
  const language = normaliseLanguage(scalar(/^(?:lang|language|locale)\s*:\s*(.*)$/));
  return {
    body: lines.slice(end + 1).join("\n"),
    ...(title === undefined ? {} : { title: normaliseInline(title) }),
    ...(language === undefined ? {} : { language }),
  };
}

// Images pasted into notes are often inlined as base64 `data:` URIs (Notion, Obsidian, Typora exports):
// hundreds of KB of noise per image that would be chunked, embedded and searched. Their alt text stays.
// Each pattern finds a whole image or tag without crossing a bracket (`[`, `]`, `(`, `)`; `<`, `>` for tags),
// and the `data:` test runs on what it found: so no two attempts read the same characters, and a file of
// millions of `![` or `<img ` costs one pass. (With `[^\]]*` and `[^>]*`, every attempt read on to the next
// closing bracket, however far: quadratic time, hours for a few MB, on the worker's only thread.)
const MARKDOWN_IMAGE = /!\[([^[\]]*)\]\(([^()[\]]*)\)/g;
const IMG_TAG = /<img\b[^<>]*>/gi;
const DATA_URI_TARGET = /^\s*<?data:/i;
const DATA_URI_SRC = /\bsrc\s*=\s*["']?data:/i;

/** Markdown text as stored: normalised, without inline base64 images. */
export function cleanMarkdown(text: string): string {
  return normaliseText(
    text
      .replace(MARKDOWN_IMAGE, (image: string, alt: string, target: string) => (DATA_URI_TARGET.test(target) ? alt : image))
      .replace(IMG_TAG, (tag: string) => (DATA_URI_SRC.test(tag) ? "" : tag)),
  );
}

export function parseMarkdown(source: string, ctx: ParseContext): ParsedDocument {
  // Normalise first so front matter with CRLF line ends is recognised.
  const front = extractFrontMatter(normaliseText(source));
  const text = cleanMarkdown(front.body);
  if (text === "") {
    throw new IngestError("EMPTY", ctx.name, `"${ctx.name}" has no text to import (it is empty or holds only front matter).`);
  }
  const title = front.title ?? firstHeading(parseMarkdownTree(text)) ?? titleFromFileName(ctx.name);
  return {
    externalId: ctx.externalId,
    title,
    mimeType: ctx.mimeType,
    ...(front.language === undefined ? {} : { language: front.language }),
    text,
  };
}
