/**
 * HTML (wiki exports, saved pages, Word via mammoth) → Markdown.
 *
 * Wiki pages wrap a little content in a lot of chrome: menus, breadcrumbs, sidebars, footers, edit
 * links, search forms. Indexed, that chrome repeats in every document and drowns the real matches, so
 * we keep the page's content (headings, paragraphs, lists, tables, code, link text) and drop the rest
 * before handing the tree to hast-util-to-mdast and mdast-util-to-markdown (GFM tables).
 */
import type { Element, ElementContent, Root, RootContent } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toMdast } from "hast-util-to-mdast";
import { gfmToMarkdown } from "mdast-util-gfm";
import { toMarkdown } from "mdast-util-to-markdown";
import { normaliseInline, normaliseLanguage, normaliseText, titleFromFileName } from "../normalize";
import { isSafeUrl } from "../safe-url";
import { IngestError, type ParseContext, type ParsedDocument } from "../types";

export interface HtmlConversion {
  /** Normalised Markdown of the content. */
  markdown: string;
  /** `<title>`, else the first `<h1>` of the content. */
  title?: string;
  /** `<html lang>`, reduced to its primary subtag. */
  language?: string;
}

// Elements that are never content.
const DROP_TAGS = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "link",
  "meta",
  "base",
  "head",
  "nav",
  "aside",
  "form",
  "button",
  "input",
  "select",
  "textarea",
  "datalist",
  "output",
  "dialog",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "img",
  "picture",
  "svg",
  "canvas",
  "video",
  "audio",
  "map",
  "area",
  "math",
]);

// ARIA landmarks and widgets that mark chrome.
const DROP_ROLES = new Set([
  "navigation",
  "banner",
  "contentinfo",
  "search",
  "complementary",
  "menu",
  "menubar",
  "toolbar",
  "dialog",
  "alertdialog",
  "tablist",
]);

// Exact class / id tokens used by common wiki engines and site templates for chrome (MediaWiki,
// Confluence, Docusaurus, MkDocs, GitBook). Exact tokens, not substrings: `header-row` is content.
const CHROME_TOKENS = new Set([
  "nav",
  "navbar",
  "navigation",
  "menu",
  "sidebar",
  "side-bar",
  "breadcrumb",
  "breadcrumbs",
  "breadcrumb-section",
  "toc",
  "table-of-contents",
  "site-header",
  "site-footer",
  "page-footer",
  "footer",
  "skip-link",
  "skip-to-content",
  "cookie-banner",
  "cookie-notice",
  "mw-navigation",
  "mw-editsection",
  "mw-jump-link",
  "printfooter",
  "catlinks",
  "noprint",
  "page-metadata",
  "footer-body",
  "pagination",
  "pager",
  "edit-link",
  "share-buttons",
]);

// `<header>`/`<footer>` are page chrome unless they belong to a piece of content (ARIA: they are
// banner/contentinfo landmarks only when not inside article, aside, main, nav or section).
const SECTIONING = new Set(["article", "aside", "main", "nav", "section"]);

const BLOCK_TAGS = new Set([
  "p",
  "div",
  "ul",
  "ol",
  "dl",
  "table",
  "pre",
  "blockquote",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "section",
  "article",
]);
const CELL_BLOCK_TAGS = new Set([...BLOCK_TAGS, "li", "dt", "dd", "figure", "figcaption", "header", "footer", "details", "summary"]);

/** Converts an HTML page or fragment to normalised Markdown, keeping structure and dropping chrome. */
export function htmlToMarkdown(html: string): HtmlConversion {
  const tree = fromHtml(html);
  const htmlElement = findFirst(tree, (el) => el.tagName === "html");
  // Only the document's own <title>: an inline SVG icon in the body has a <title> too.
  const head = findFirst(tree, (el) => el.tagName === "head");
  const titleElement = head ? findFirst(head, (el) => el.tagName === "title") : undefined;
  const language = normaliseLanguage(stringProp(htmlElement, "lang"));

  const body = findFirst(tree, (el) => el.tagName === "body") ?? tree;
  const main = findFirst(body, (el) => el.tagName === "main" || stringProp(el, "role") === "main");
  const articles = main ? [] : findAll(body, (el) => el.tagName === "article");
  // Prefer the element the page itself marks as its content; everything outside it is chrome.
  const contentRoot: Root | Element = main ?? (articles.length === 1 && articles[0] ? articles[0] : body);

  const cleaned = cleanChildren(contentRoot.children, contentRoot.type === "element" && SECTIONING.has(contentRoot.tagName));
  const root: Root = { type: "root", children: cleaned };

  const h1 = findFirst(root, (el) => el.tagName === "h1");
  const title = normaliseInline(titleElement ? textOf(titleElement) : "") || (h1 ? normaliseInline(textOf(h1)) : "");

  const mdast = toMdast(root);
  const markdown = normaliseText(
    toMarkdown(mdast, {
      extensions: [gfmToMarkdown()],
      bullet: "-",
      rule: "-",
      fences: true,
      listItemIndent: "one",
      emphasis: "_",
      strong: "*",
    }),
  );
  return { markdown, ...(title ? { title } : {}), ...(language ? { language } : {}) };
}

export function parseHtml(html: string, ctx: ParseContext): ParsedDocument {
  const { markdown, title, language } = htmlToMarkdown(html);
  if (markdown === "") {
    throw new IngestError(
      "EMPTY",
      ctx.name,
      `"${ctx.name}" has no text to import once navigation, scripts and styles are removed. If the page's text is loaded by JavaScript, export it from the wiki instead of saving it from the browser.`,
    );
  }
  return {
    externalId: ctx.externalId,
    title: title ?? titleFromFileName(ctx.name),
    mimeType: ctx.mimeType,
    ...(language ? { language } : {}),
    text: markdown,
  };
}

function cleanChildren(children: readonly (RootContent | ElementContent)[], inSectioning: boolean): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type === "element") {
      const cleaned = cleanElement(child, inSectioning);
      if (cleaned) out.push(cleaned);
    } else if (child.type === "text") {
      out.push(child);
    }
    // Comments, doctypes and raw nodes are dropped.
  }
  return out;
}

function cleanElement(el: Element, inSectioning: boolean): Element | null {
  if (isChrome(el, inSectioning)) return null;
  const tag = el.tagName;
  const children = cleanChildren(el.children, inSectioning || SECTIONING.has(tag));
  const copy: Element = { ...el, children };

  if (tag === "a") {
    // Keep links that lead somewhere a reader can go (an intranet tool, a form); the others (wiki-internal
    // relative links, anchors, `javascript:`) become their text. The rule is ../safe-url.ts, shared with Markdown.
    if (!isSafeUrl(stringProp(el, "href"))) return { ...copy, tagName: "span", properties: {} };
  }
  if (tag === "table") promoteHeaderRow(copy);
  if (tag === "td" || tag === "th") copy.children = flattenCell(children);
  return copy;
}

function isChrome(el: Element, inSectioning: boolean): boolean {
  const tag = el.tagName;
  if (DROP_TAGS.has(tag)) return true;
  if ((tag === "header" || tag === "footer") && !inSectioning) return true;
  const props = el.properties;
  if (props["hidden"] !== undefined && props["hidden"] !== false && props["hidden"] !== null) return true;
  if (String(props["ariaHidden"] ?? "") === "true") return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(String(props["style"] ?? ""))) return true;
  const role = stringProp(el, "role");
  if (role && DROP_ROLES.has(role.toLowerCase())) return true;
  const id = stringProp(el, "id")?.toLowerCase();
  if (id && CHROME_TOKENS.has(id)) return true;
  const classes = props["className"];
  if (Array.isArray(classes) && classes.some((c) => CHROME_TOKENS.has(String(c).toLowerCase()))) return true;
  return false;
}

/**
 * GFM tables need a header row. Word (via mammoth) and many wikis write tables without `<th>`; without
 * this, hast-util-to-mdast would add an empty header and the real column names would become data.
 */
function promoteHeaderRow(table: Element): void {
  const rows: Element[] = [];
  let hasHeader = false;
  const visit = (el: Element) => {
    for (const child of el.children) {
      if (child.type !== "element" || child.tagName === "table") continue;
      if (child.tagName === "thead" || child.tagName === "th") hasHeader = true;
      if (child.tagName === "tr") rows.push(child);
      visit(child);
    }
  };
  visit(table);
  const first = rows[0];
  if (hasHeader || !first) return;
  first.children = first.children.map((cell) => (cell.type === "element" && cell.tagName === "td" ? { ...cell, tagName: "th" } : cell));
}

/**
 * A GFM table cell holds one line of inline text. Cells with paragraphs or lists (common in Confluence
 * and Word) would otherwise run their words together ("AlphaBeta"), so their blocks are unwrapped into
 * inline content separated by spaces.
 */
function flattenCell(children: readonly ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type === "element" && (CELL_BLOCK_TAGS.has(child.tagName) || child.tagName === "br")) {
      if (out.length > 0) out.push({ type: "text", value: " " });
      out.push(...flattenCell(child.children));
    } else {
      out.push(child);
    }
  }
  return out;
}

function stringProp(el: Element | undefined, name: string): string | undefined {
  const value = el?.properties[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.join(" ");
  return undefined;
}

function textOf(node: Element | Root): string {
  let text = "";
  for (const child of node.children) {
    if (child.type === "text") text += child.value;
    else if (child.type === "element") text += (BLOCK_TAGS.has(child.tagName) || child.tagName === "br" ? " " : "") + textOf(child);
  }
  return text;
}

function findFirst(node: Root | Element, predicate: (el: Element) => boolean): Element | undefined {
  for (const child of node.children) {
    if (child.type !== "element") continue;
    if (predicate(child)) return child;
    const found = findFirst(child, predicate);
    if (found) return found;
  }
  return undefined;
}

function findAll(node: Root | Element, predicate: (el: Element) => boolean, out: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type !== "element") continue;
    if (predicate(child)) out.push(child);
    else findAll(child, predicate, out);
  }
  return out;
}
