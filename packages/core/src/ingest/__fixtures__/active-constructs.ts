import type { Nodes } from "mdast";
import { parseMarkdownTree } from "../parse/markdown-tree";

/**
 * What a Markdown renderer would turn into HTML or an unsafe link, found with the parser itself: raw HTML nodes, and
 * links, images and definitions whose URL is not http(s) or mailto (a reference is only as unsafe as its definition).
 * Written apart from parse/neutralise.ts on purpose, so the tests check it against a rule of their own.
 */
export function activeConstructs(markdown: string): string[] {
  const found: string[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === "html") found.push(`html ${node.value}`);
    if ("url" in node && !/^(?:https?|mailto):/i.test(node.url)) found.push(`${node.type} ${node.url}`);
    if ("children" in node) node.children.forEach(visit);
  };
  visit(parseMarkdownTree(markdown));
  return found;
}
