import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

import { rehypeHeadingIds, rehypeHighlightRange, slugify } from "./rehype-document";

const doc = `# Leave

Intro.

## Main

- one
- two

## Leave

Six months, paid.

<script>alert(1)</script>
`;

function render(range: { start: number; end: number } | null) {
  // As the viewer's <Markdown> renders it (components/markdown, a .tsx this test runner does not compile): sanitised first.
  return renderToStaticMarkup(
    createElement(ReactMarkdown, {
      remarkPlugins: [remarkGfm],
      rehypePlugins: [rehypeSanitize, rehypeHeadingIds, rehypeHighlightRange(range)],
      children: doc,
    }),
  );
}

describe("the document viewer's rehype plugins", () => {
  it("give headings unique ids, never one the page uses", () => {
    const html = render(null);
    expect(html).toContain('<h1 id="leave">');
    expect(html).toContain('<h2 id="main-1">');
    expect(html).toContain('<h2 id="leave-1">');
    expect(html).not.toContain("<script");
    expect(slugify("Nghỉ phép năm!")).toBe("nghỉ-phép-năm");
  });

  it("mark the blocks a source range overlaps, the first focusable; list items one by one", () => {
    const start = doc.indexOf("- two");
    const html = render({ start, end: doc.indexOf("paid.") });
    expect(html).toContain('<li data-highlighted="true" tabindex="-1" id="passage">two</li>');
    expect(html).toContain("<li>one</li>");
    expect(html).toContain('<h2 id="leave-1" data-highlighted="true">');
    expect(html).toContain('<p data-highlighted="true">Six months, paid.</p>');
    expect(html).not.toMatch(/<p data-highlighted="true">Intro/);
  });
});
