/**
 * Where a cited chunk sits in its version's Markdown, so the document viewer can highlight it. Chunks are
 * sections of the Markdown (ingest/chunk.ts), so most are found verbatim; a chunk that merged small sections or
 * was normalised is found by its first and last paragraphs; failing that, by its heading.
 */
export interface PassageRange {
  /** Character offsets in the version's content, end exclusive. */
  start: number;
  end: number;
  /** How the chunk was found: verbatim, by its first and last paragraphs, or by its nearest heading only. */
  match: "exact" | "paragraphs" | "heading";
}

const HEADING_LINE = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/gm;

/** The range of `chunkText` in `content`, or null when neither the text nor its heading can be found. */
export function locatePassage(content: string, chunkText: string, headingPath: readonly string[]): PassageRange | null {
  const text = chunkText.trim();
  if (text !== "") {
    const exact = content.indexOf(text);
    if (exact >= 0) return { start: exact, end: exact + text.length, match: "exact" };
    const byParagraphs = locateByParagraphs(content, text);
    if (byParagraphs) return byParagraphs;
  }
  return locateHeading(content, headingPath);
}

function locateByParagraphs(content: string, text: string): PassageRange | null {
  const paragraphs = text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    // A heading line a merged chunk carries may be written differently in the source: match on prose.
    .filter((p) => p !== "" && !/^#{1,6}\s/.test(p));
  const first = paragraphs[0];
  const last = paragraphs.at(-1);
  if (first === undefined || last === undefined) return null;
  const start = content.indexOf(first);
  if (start < 0) return null;
  const lastAt = content.indexOf(last, start);
  const end = lastAt < 0 ? start + first.length : lastAt + last.length;
  return { start, end, match: "paragraphs" };
}

function normalise(heading: string): string {
  return heading
    .replace(/[*_`[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** The section under the deepest heading of `headingPath` (up to the next heading), if that heading is found. */
function locateHeading(content: string, headingPath: readonly string[]): PassageRange | null {
  const wanted = headingPath.at(-1);
  if (wanted === undefined) return null;
  const headings = [...content.matchAll(HEADING_LINE)];
  const index = headings.findIndex((h) => normalise(h[1] ?? "") === normalise(wanted));
  if (index < 0) return null;
  const start = headings[index]!.index;
  const end = headings[index + 1]?.index ?? content.length;
  return { start, end: content.slice(0, end).trimEnd().length, match: "heading" };
}
