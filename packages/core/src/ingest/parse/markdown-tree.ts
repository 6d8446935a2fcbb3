/** Markdown as a syntax tree (mdast), and what the parsers and the chunker read from one. */
import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { normaliseInline } from "../normalize";

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
