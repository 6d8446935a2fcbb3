/**
 * Markdown files are already in our canonical form: we keep the author's source (re-serialising through
 * an AST would add escapes and reflow lists for no gain), normalise whitespace and Unicode, and make it inert
 * (no raw HTML, no unsafe links: ./neutralise.ts).
 */
import { normaliseInline, normaliseLanguage, normaliseText, titleFromFileName } from "../normalize";
import { IngestError, type ParseContext, type ParsedDocument } from "../types";
import { firstHeading, parseMarkdownTree } from "./markdown-tree";
import { neutralise } from "./neutralise";

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

export function parseMarkdown(source: string, ctx: ParseContext): ParsedDocument {
  // Normalise first so front matter with CRLF line ends is recognised. Images inlined as base64 `data:` URIs
  // (pasted into Notion, Obsidian or Typora notes) go with the other unsafe URLs: hundreds of KB of noise each.
  const front = extractFrontMatter(normaliseText(source));
  const { text, tree } = neutralise(normaliseText(front.body), "markdown");
  if (text === "") {
    throw new IngestError(
      "EMPTY",
      ctx.name,
      `"${ctx.name}" has no text to import (it is empty, or holds only front matter or HTML without text).`,
    );
  }
  const title = front.title ?? firstHeading(tree ?? parseMarkdownTree(text)) ?? titleFromFileName(ctx.name);
  return {
    externalId: ctx.externalId,
    title,
    mimeType: ctx.mimeType,
    ...(front.language === undefined ? {} : { language: front.language }),
    text,
  };
}
