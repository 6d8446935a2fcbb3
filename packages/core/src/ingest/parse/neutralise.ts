/**
 * Stored text is Markdown, and the chat and the document viewer will render it: so nothing stored may carry raw
 * HTML or a link that runs code. This makes the text of Markdown, plain-text and PDF files inert, touching only
 * what is unsafe (the author's source is otherwise kept byte for byte, so its content hash does not change):
 *
 * - a link whose URL fails ../safe-url.ts (`javascript:`, `data:`, relative, …) keeps its text and loses its URL;
 *   so do autolinks (`<javascript:…>`) and references (`[text][id]`) to such a definition, and the definition
 *   (`[id]: javascript:…`) is removed; an image with such a URL becomes its alt text;
 * - raw HTML, in Markdown, is read the way a sanitising renderer would show it: a block goes through the same
 *   HTML → Markdown conversion as an .html file (its text, lists and tables kept; scripts, styles, comments and
 *   unsafe links dropped), an inline tag (`<b>`, `<span onclick=…>`) is removed and the text around it stays;
 * - in plain text and PDFs, whose `<` is the author's literal text (`if a<b and c>d`), HTML is escaped instead
 *   (`&lt;`, which any Markdown renderer shows as `<`).
 *
 * Edits are made on the source at the positions the parser gives, then the result is parsed again: removing a tag
 * can join its neighbours into a new one (`<<b>script>`). Text that still is not inert after a few rounds was made
 * to defeat this, and every `<` and `[` left in it is escaped.
 *
 * Renderers must still sanitise what they show (docs/architecture.md, "Stored content is inert"): this is the
 * first line of defence, not the only one.
 */
import type { Nodes, Parents, Root } from "mdast";
import { toMarkdown } from "mdast-util-to-markdown";
import { normaliseInline, normaliseText } from "../normalize";
import { isSafeUrl } from "../safe-url";
import { htmlToMarkdown } from "./html";
import { parseMarkdownTree, plainText } from "./markdown-tree";

/** How the text was written: as Markdown (its HTML meant as markup) or as plain text (its `<` meant literally). */
export type WrittenAs = "markdown" | "text";

export interface Neutralised {
  /** The text, normalised, with nothing active left in it. */
  text: string;
  /** The parse of `text`, when one was needed (text without `<` or `[` cannot hold anything active). */
  tree?: Root;
}

// HTML, autolinks and links, images and definitions all need one of these characters (GFM's bare `www.`, `https://`
// and e-mail links need neither, and only ever point to the web or to mail): text without them is not parsed at all.
const MAY_BE_ACTIVE = /[<[]/;
const ROUNDS = 3;

/** `text` (normalised) made inert; see the module comment. */
export function neutraliseMarkdown(text: string, as: WrittenAs = "markdown"): string {
  return neutralise(text, as).text;
}

/** {@link neutraliseMarkdown}, also returning the parse of the result for callers that need one anyway. */
export function neutralise(text: string, as: WrittenAs): Neutralised {
  let current = text;
  for (let round = 0; round < ROUNDS; round++) {
    if (!MAY_BE_ACTIVE.test(current)) return { text: current };
    const tree = parseMarkdownTree(current);
    const edits = findEdits(tree, current, as);
    if (edits.length === 0) return { text: current, tree };
    current = normaliseText(applyEdits(current, edits));
  }
  // As entities, which nothing before them can undo (`\` + `\<` would be an escaped backslash, then a bare `<`).
  return { text: current.replace(/</g, "&lt;").replace(/\[/g, "&#91;") };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

// Where an HTML node is a block of its own; anywhere else it is inline, one tag among text.
const BLOCK_PARENTS = new Set<Nodes["type"]>(["root", "blockquote", "listItem", "footnoteDefinition"]);

/** The edits that make `tree` (parsed from `source`) inert; they never overlap. */
function findEdits(tree: Root, source: string, as: WrittenAs): Edit[] {
  const unsafeIds = unsafeDefinitions(tree);
  const edits: Edit[] = [];
  const visit = (node: Nodes, parent: Parents | undefined): void => {
    const span = spanOf(node);
    if (span) {
      switch (node.type) {
        case "html":
          edits.push({
            ...span,
            text: as === "text" ? escapeTags(source.slice(span.start, span.end)) : htmlAsMarkdown(node.value, parent),
          });
          return;
        case "definition":
          if (!isSafeUrl(node.url)) edits.push({ ...span, text: "" });
          return;
        case "image":
        case "imageReference":
          if (node.type === "image" ? !isSafeUrl(node.url) : unsafeIds.has(node.identifier))
            edits.push({ ...span, text: literal(node.alt ?? "") });
          return;
        case "link":
        case "linkReference":
          if (node.type === "link" ? !isSafeUrl(node.url) : unsafeIds.has(node.identifier)) edits.push(...unwrap(node, span));
          break;
      }
    }
    if ("children" in node) for (const child of node.children) visit(child, node);
  };
  visit(tree, undefined);
  return edits;
}

/** Identifiers whose definition (the first with that identifier: the one a renderer uses) has an unsafe URL. */
function unsafeDefinitions(tree: Root): Set<string> {
  const seen = new Set<string>();
  const unsafe = new Set<string>();
  const visit = (node: Nodes): void => {
    if (node.type === "definition" && !seen.has(node.identifier)) {
      seen.add(node.identifier);
      if (!isSafeUrl(node.url)) unsafe.add(node.identifier);
    }
    if ("children" in node) node.children.forEach(visit);
  };
  visit(tree);
  return unsafe;
}

/** A link without its syntax: what comes before its first child and after its last is removed, its text stays. */
function unwrap(node: Extract<Nodes, { children: unknown }>, span: { start: number; end: number }): Edit[] {
  const first = node.children[0] ? spanOf(node.children[0]) : undefined;
  const last = node.children.at(-1) ? spanOf(node.children.at(-1) as Nodes) : undefined;
  if (!first || !last) return [{ ...span, text: literal(plainText(node)) }];
  return [
    { start: span.start, end: first.start, text: "" },
    { start: last.end, end: span.end, text: "" },
  ];
}

/**
 * Raw HTML in Markdown as its content: a top-level block as Markdown of its own, separated from what surrounds it;
 * a block inside a list item or quote on one line (so it stays inside); an inline tag as nothing (a line break as a
 * space), since its text is already outside it.
 */
function htmlAsMarkdown(html: string, parent: Parents | undefined): string {
  if (!parent || !BLOCK_PARENTS.has(parent.type)) return /^<br\b/i.test(html) ? " " : "";
  const { markdown } = htmlToMarkdown(html);
  return parent.type === "root" ? `\n\n${markdown}\n\n` : normaliseInline(markdown);
}

/**
 * Raw HTML in plain text, shown as written: no `<` left to open a tag. As an entity, not `\<`: a bare URL just
 * before it (`https://x.y\<b>`) would take the backslash as part of itself and leave the `<` bare.
 */
function escapeTags(source: string): string {
  return source.replace(/</g, "&lt;");
}

/** `text` as Markdown that shows exactly it (the serialiser escapes what would be markup). */
function literal(text: string): string {
  return text === "" ? "" : toMarkdown({ type: "text", value: normaliseInline(text) }).trimEnd();
}

function spanOf(node: Nodes): { start: number; end: number } | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

function applyEdits(source: string, edits: readonly Edit[]): string {
  let out = "";
  let cursor = 0;
  // A link's two edits come before those of its text: in the order of the source, they never overlap.
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + source.slice(cursor);
}
