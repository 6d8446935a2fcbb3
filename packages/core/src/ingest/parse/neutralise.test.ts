import { describe, expect, it } from "vitest";
import { prng } from "../../eval/synthetic";
import { activeConstructs } from "../__fixtures__/active-constructs";
import { isSafeUrl } from "../safe-url";
import { neutraliseMarkdown, type WrittenAs } from "./neutralise";

describe("the safe URL rule", () => {
  it("lets web and e-mail links through and nothing else, however the scheme is spelt", () => {
    for (const url of ["https://intranet.example/leave", "http://wiki/x", "HTTPS://X.Y", "mailto:hr@example.com"]) {
      expect(isSafeUrl(url), url).toBe(true);
    }
    for (const url of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      " javascript:alert(1)",
      "vbscript:msgbox(1)",
      "data:text/html,<script>alert(1)</script>",
      "data:image/png;base64,AAAA",
      "file:///etc/passwd",
      "ms-word:ofe|u|https://x",
      "./leave.md",
      "/admin",
      "#section",
      "",
      null,
      undefined,
    ]) {
      expect(isSafeUrl(url), String(url)).toBe(false);
    }
  });
});

describe("stored Markdown", () => {
  it("keeps the text of links, autolinks and images with unsafe URLs, and drops their URLs", () => {
    const source = [
      "[Pay slip](javascript:alert(1)) [B](JaVaScRiPt:x) [C](&#106;avascript:x) [D](vbscript:x) [E](file:///etc/passwd)",
      "[Wiki page](./other.md) [Top](#top) <javascript:alert(1)> ![Org chart](data:image/png;base64,AAAA)",
      "[Kept](https://intranet.example/leave 'Leave') <https://example.com> www.example.com hr@example.com [Mail](mailto:hr@example.com)",
      "![Diagram](https://intranet.example/d.png)",
    ].join("\n");
    expect(neutraliseMarkdown(source)).toBe(
      [
        "Pay slip B C D E",
        "Wiki page Top javascript:alert(1) Org chart",
        "[Kept](https://intranet.example/leave 'Leave') <https://example.com> www.example.com hr@example.com [Mail](mailto:hr@example.com)",
        "![Diagram](https://intranet.example/d.png)",
      ].join("\n"),
    );
  });

  it("removes unsafe reference definitions and unwraps the links and images that use them", () => {
    const source =
      "See [the form][form], [Form] and ![logo][img]; [safe][ok].\n\n[form]: javascript:alert(1)\n[img]: data:image/svg+xml,<svg/>\n[ok]: https://ok.example";
    expect(neutraliseMarkdown(source)).toBe("See the form, Form and logo; [safe][ok].\n\n[ok]: https://ok.example");
    // A renderer uses the first definition of a label: an unsafe one is not rescued by a safe one after it.
    expect(neutraliseMarkdown("[x][a]\n\n[a]: javascript:bad()\n[a]: https://fine.example")).toBe("x\n\n[a]: https://fine.example");
  });

  it("turns HTML blocks into their readable Markdown and drops inline tags, scripts, styles and comments", () => {
    const source = [
      'Intro with <b>bold</b>, a line<br>break and <span onclick="steal()">a span</span>.',
      "",
      '<div class="note">',
      '<p>Remember <strong>this</strong>, <a href="javascript:alert(1)">that</a> and <a href="https://example.com">the site</a>.</p>',
      "<script>alert(1)</script>",
      "<style>body { display: none }</style>",
      "</div>",
      "",
      "<!-- an editor's comment -->",
      "",
      "<table><tr><th>City</th><th>Limit</th></tr><tr><td>London</td><td>£60</td></tr></table>",
      "",
      "- an item <img src=x onerror=alert(1)> with a tag",
      "- <details>",
      "  <summary>More</summary>",
      "  hidden text",
      "  </details>",
      "",
      "Code stays code: `<script>` and",
      "",
      "```html",
      "<script>alert(1)</script>",
      "```",
    ].join("\n");
    expect(neutraliseMarkdown(source)).toBe(
      [
        "Intro with bold, a line break and a span.",
        "",
        "Remember **this**, that and [the site](https://example.com).",
        "",
        "| City   | Limit |",
        "| ------ | ----- |",
        "| London | £60   |",
        "",
        "- an item  with a tag",
        "- More hidden text",
        "",
        "Code stays code: `<script>` and",
        "",
        "```html",
        "<script>alert(1)</script>",
        "```",
      ].join("\n"),
    );
  });

  it("leaves a document with nothing unsafe byte for byte as it was (same content hash, no new version)", () => {
    const source = [
      "# Leave policy",
      "",
      "Up to **25 days** a year ([details](https://intranet.example/leave)); 1 < 2 and a <= b; see [1].",
      "",
      "| a | b |",
      "|---|---|",
      "| [x](http://x.example) | ![y](https://y.example/y.png) |",
      "",
      "[1]: https://intranet.example/footnote",
      "",
      "    <indented code>",
    ].join("\n");
    expect(neutraliseMarkdown(source)).toBe(source);
  });

  it("escapes HTML in plain text (and PDFs) instead of removing it: there a `<` is the author's", () => {
    expect(neutraliseMarkdown("if a<b and c>d then <script>alert(1)</script>", "text")).toBe(
      "if a&lt;b and c>d then &lt;script>alert(1)&lt;/script>",
    );
    expect(neutraliseMarkdown("<div>\nblock\n</div>\n\nnot a tag: 3 < 4", "text")).toBe("&lt;div>\nblock\n&lt;/div>\n\nnot a tag: 3 < 4");
    expect(neutraliseMarkdown("[click](javascript:alert(1)) <javascript:x> [ok](https://ok.example)", "text")).toBe(
      "click javascript:x [ok](https://ok.example)",
    );
  });

  it("leaves nothing active, even in text built so that each removal makes a new tag or link", () => {
    const nested = [
      "x <<b>script>alert(1)<</b>/script> y",
      "<<<i>b>b>img src=x onerror=alert(1)>",
      "[[[a](javascript:1)](javascript:2)](javascript:3)",
      "https://x.y![<b>](javascript:z)",
    ];
    for (const as of ["markdown", "text"] as const) {
      for (const source of nested) expect(activeConstructs(neutraliseMarkdown(source, as)), `${as}: ${source}`).toEqual([]);
    }
  });

  it("leaves nothing active in random text made of the pieces of HTML, links and containers (seeded)", () => {
    const pieces = [
      "<",
      ">",
      "b>",
      "</",
      "<script>",
      "<div>",
      "<!--",
      "-->",
      "<img src=x onerror=alert(1)>",
      "[",
      "]",
      "](",
      ")",
      "![",
      "javascript:alert(1)",
      "data:text/html,x",
      "https://ok.example",
      "[d]: javascript:x\n",
      "[d]",
      "\\",
      "&lt;",
      "`",
      "\n",
      "\n\n",
      "> ",
      "- ",
      "| a |\n|---|\n| ",
      "text ",
      "www.x.y",
      " ",
    ];
    const random = prng(20251205);
    let unsafeBefore = 0;
    for (let i = 0; i < 200; i++) {
      const length = 3 + Math.floor(random() * 25);
      const source = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      if (activeConstructs(source).length > 0) unsafeBefore += 1;
      const as: WrittenAs = i % 2 === 0 ? "markdown" : "text";
      expect(activeConstructs(neutraliseMarkdown(source, as)), `${as}: ${JSON.stringify(source)}`).toEqual([]);
    }
    // Non-vacuity: most inputs had something to neutralise.
    expect(unsafeBefore).toBeGreaterThan(100);
  });
});
