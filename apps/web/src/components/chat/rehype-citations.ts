/** Citation markers in a rendered answer: `[n]` text becomes chip elements. */

/** The element the plugin below creates for each cited number (rendered by CitationChip in ./citations.tsx). */
export const CITE_TAG = "lore-cite";

const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
/** Elements whose text is never turned into chips: code and existing links. */
const SKIP = new Set(["code", "pre", "a", CITE_TAG]);

interface HastText {
  type: "text";
  value: string;
}
interface HastElement {
  type: "element";
  tagName: string;
  properties: Record<string, unknown>;
  children: HastNode[];
}
type HastNode = HastText | HastElement | { type: string; children?: HastNode[] };

/**
 * rehype plugin (runs after the sanitiser, so what it adds is trusted): `[n]` and `[n, m]` markers in the text
 * become one chip element per number that names a known source; a marker naming none is left as written.
 */
export function rehypeCitations(options: { known: ReadonlySet<number> }) {
  const split = (value: string): HastNode[] | null => {
    const out: HastNode[] = [];
    let last = 0;
    for (const match of value.matchAll(MARKER)) {
      const numbers = match[1]!.split(",").map((n) => Number(n.trim()));
      if (!numbers.every((n) => options.known.has(n))) continue;
      let before = value.slice(last, match.index);
      // The chip sits next to the word it backs: no space in between.
      before = before.replace(/[^\S\n]+$/, "");
      if (before) out.push({ type: "text", value: before });
      for (const n of numbers) out.push({ type: "element", tagName: CITE_TAG, properties: { n: String(n) }, children: [] });
      last = match.index + match[0].length;
    }
    if (last === 0) return null;
    if (last < value.length) out.push({ type: "text", value: value.slice(last) });
    return out;
  };
  const walk = (node: HastNode) => {
    if (!("children" in node) || !node.children) return;
    if (node.type === "element" && SKIP.has((node as HastElement).tagName)) return;
    const next: HastNode[] = [];
    for (const child of node.children) {
      if (child.type === "text") {
        const parts = split((child as HastText).value);
        if (parts) next.push(...parts);
        else next.push(child);
      } else {
        walk(child);
        next.push(child);
      }
    }
    node.children = next;
  };
  return (tree: HastNode) => walk(tree);
}
