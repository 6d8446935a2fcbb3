/**
 * The one rule for URLs that stored content may carry, whatever the format it came from: links in Markdown (inline,
 * reference definitions, autolinks), images, and links of HTML and Word files. Only web pages and e-mail addresses
 * pass. Everything else is dropped and the link's text (an image's alt text) kept:
 *
 * - `javascript:`, `vbscript:` and the like run code when clicked;
 * - `data:` can carry a whole HTML page or an SVG with scripts, and even a harmless `data:image/png` is hundreds of
 *   kilobytes of base64 that would be chunked, embedded and searched;
 * - `file:`, `blob:`, app schemes (`ms-word:`, `slack:`) point at things on the reader's machine or start programs;
 * - relative links and `#anchors` point into the wiki or site the page was exported from, which Lore does not serve:
 *   in an answer they would resolve against Lore itself.
 *
 * An allow-list, so a scheme spelt in a way a browser still accepts (`JaVaScRiPt:`, `java\tscript:`, an entity
 * decoded by the Markdown parser) never passes.
 */
const SAFE_URL = /^(?:https?|mailto):/i;

/** Whether a link or image may keep its URL in stored content. */
export function isSafeUrl(url: string | null | undefined): boolean {
  return typeof url === "string" && SAFE_URL.test(url);
}
