/**
 * Two rehype plugins for the document viewer. They run after the sanitiser, so what they add is trusted:
 * heading ids (the sanitiser would prefix or drop the author's own) and the highlight of a cited passage.
 */

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

function textOf(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

/** A URL fragment for a heading: lower case letters and digits of any script, words joined by "-". */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
  return slug === "" ? "section" : slug;
}

/** Ids the page itself uses: a heading never takes them (a heading "Main" must not break the skip link). */
const RESERVED_IDS = ["main", "document-title", "passage", "passage-note"];

/** Gives every heading a unique id from its text ("pricing", "pricing-1", …), for anchors and links. */
export function rehypeHeadingIds() {
  return (tree: HastNode) => {
    const seen = new Map<string, number>(RESERVED_IDS.map((id) => [id, 1]));
    const visit = (node: HastNode) => {
      if (node.type === "element" && HEADINGS.has(node.tagName ?? "")) {
        const base = slugify(textOf(node));
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        node.properties = { ...node.properties, id: count === 0 ? base : `${base}-${count}` };
        return;
      }
      node.children?.forEach(visit);
    };
    visit(tree);
  };
}

/** Block elements whose children are blocks too: the highlight goes down into them (a list's items). */
const CONTAINERS = new Set(["ul", "ol", "blockquote"]);

/**
 * Marks the block elements whose source (hast `position` offsets into the Markdown) overlaps `range` with
 * `data-highlighted="true"`; the first one is made focusable, so the viewer can move focus there.
 */
export function rehypeHighlightRange(range: { start: number; end: number } | null) {
  return () => (tree: HastNode) => {
    if (!range) return;
    let first = true;
    const overlaps = (node: HastNode) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      return start !== undefined && end !== undefined && start < range.end && end > range.start;
    };
    const mark = (nodes: HastNode[]) => {
      for (const node of nodes) {
        if (node.type !== "element" || !overlaps(node)) continue;
        const blocks = (node.children ?? []).filter((c) => c.type === "element");
        if (CONTAINERS.has(node.tagName ?? "") && blocks.some(overlaps)) {
          mark(node.tagName === "blockquote" ? blocks : blocks.filter((c) => c.tagName === "li"));
          continue;
        }
        node.properties = {
          ...node.properties,
          dataHighlighted: "true",
          ...(first ? { tabIndex: -1, id: node.properties?.id ?? "passage" } : {}),
        };
        first = false;
      }
    };
    mark(tree.children ?? []);
  };
}
