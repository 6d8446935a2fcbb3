import { describe, expect, it } from "vitest";

import { errorKind } from "./errors";
import { citedSources, headingTrail, plainExcerpt, viewerHref, type SourceView } from "./model";
import { CITE_TAG, rehypeCitations } from "./rehype-citations";

type Node = { type: string; tagName?: string; value?: string; properties?: Record<string, unknown>; children?: Node[] };
const text = (value: string): Node => ({ type: "text", value });
const el = (tagName: string, children: Node[]): Node => ({ type: "element", tagName, properties: {}, children });

function run(tree: Node, known: number[]) {
  const transform = rehypeCitations({ known: new Set(known) });
  transform(tree as never);
  return tree;
}

const source = (n: number, extra: Partial<SourceView> = {}): SourceView => ({
  n,
  chunkId: `c${n}`,
  documentId: `d${n}`,
  versionId: `v${n}`,
  title: `Doc ${n}`,
  url: null,
  headingPath: [`Doc ${n}`, "Section"],
  excerpt: "…",
  ...extra,
});

describe("rehypeCitations", () => {
  it("turns known markers into chips, one per number, and leaves code, links and unknown numbers alone", () => {
    const tree = run(
      el("root", [el("p", [text("You get 25 days [1, 2]. Not [7]."), el("code", [text("[1]")]), el("a", [text("[2]")])])]),
      [1, 2],
    );
    const p = tree.children![0]!;
    expect(p.children!.map((c) => (c.type === "text" ? c.value : `<${c.tagName} ${String(c.properties?.n)}>`))).toEqual([
      "You get 25 days",
      `<${CITE_TAG} 1>`,
      `<${CITE_TAG} 2>`,
      ". Not [7].",
      "<code undefined>",
      "<a undefined>",
    ]);
    expect(p.children![4]!.children![0]!.value).toBe("[1]");
  });
});

describe("the chat's text helpers", () => {
  it("lists cited sources once, in first-cited order", () => {
    const sources = [source(1), source(2), source(3)];
    const citations = [source(3), source(1), source(3)].map((s) => ({ ...s, attached: false }));
    expect(citedSources({ sources, citations }).map((s) => s.n)).toEqual([3, 1]);
  });

  it("links the viewer at the quoted passage and version", () => {
    expect(viewerHref(source(4))).toBe("/docs/d4?chunk=c4&version=v4");
  });

  it("drops the title from a heading path and the Markdown from a preview", () => {
    expect(headingTrail(source(1))).toBe("Section");
    expect(plainExcerpt("### Leave | Days | |---|---| | Base | 25 | **Note** - more")).toBe("Leave · Days · Base · 25 · Note - more");
  });

  it("explains provider failures in human terms", () => {
    expect(errorKind("PROVIDER_DOWN")).toBe("modelDown");
    expect(errorKind("RATE_LIMITED")).toBe("rateLimited");
    expect(errorKind("NETWORK")).toBe("network");
    expect(errorKind("SOMETHING_NEW")).toBe("unknown");
  });
});
