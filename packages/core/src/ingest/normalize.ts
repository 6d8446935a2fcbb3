/**
 * Text normalisation shared by every parser, so that the same content reaches the same bytes (and
 * therefore the same content hash) whichever format or operating system it came from.
 */

// C0/C1 control characters other than tab and line feed, plus zero-width spaces and stray BOMs that
// survive copy-paste from wikis. Zero-width (non-)joiners are kept: some scripts and emoji need them.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u2060\uFEFF]/g;
// Unicode line and paragraph separators and NEL are line breaks for us.
const ODD_LINE_BREAKS = /\r\n?|\u2028|\u2029|\u0085/g;

/**
 * Normalises document text:
 * - Unicode NFC, so that decomposed input (macOS file names, some PDFs and Word files write Vietnamese
 *   `ệ` as `e` + two combining marks) compares, hashes, tokenises and searches like composed input;
 * - `\n` line ends; no control characters; non-breaking spaces become spaces (they otherwise split
 *   words for full-text search);
 * - trailing whitespace removed from each line, at most one blank line in a row, trimmed.
 */
export function normaliseText(text: string): string {
  return (
    text
      .normalize("NFC")
      .replace(ODD_LINE_BREAKS, "\n")
      .replace(INVISIBLE, "")
      .replace(/[\u00A0\u202F]/g, " ")
      // Only from the start of a run of blanks (the lookbehind): otherwise each blank of a long run that does not
      // end its line starts an attempt that reads the rest of the run (quadratic: minutes for a MB of spaces).
      .replace(/(?<![ \t])[ \t]+$/gm, "")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/** Most characters of a tag, and of a source name (the API's and the CLI's limits). */
export const MAX_TAG_CHARS = 64;
export const MAX_SOURCE_CHARS = 200;

/**
 * Why `value` (already trimmed) cannot be a tag or a source name, or null when it can: empty, too long, or
 * holding a control character (NUL cannot even be stored).
 */
export function labelProblem(value: string, max: number): string | null {
  if (value === "") return "is empty";
  if (value.length > max) return `is longer than ${max} characters`;
  if (CONTROL_CHARACTER.test(value)) return "contains a control character";
  return null;
}

/**
 * Most characters a title or heading keeps. Far above any real one; a file whose first "heading" is a whole
 * page of words (or a JSONL title of a MB) would otherwise repeat it into every chunk's text-search vector,
 * past PostgreSQL's 1 MB limit for one.
 */
export const MAX_INLINE_CHARS = 300;

/** `text` cut to `max` characters at a word boundary when it is longer, ending with "…". */
export function capInline(text: string, max = MAX_INLINE_CHARS): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never between the two halves of a surrogate pair (an emoji): the database refuses a lone one.
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? "")) end -= 1;
  const cut = text.slice(0, end);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Collapses all whitespace to single spaces: for titles, headings and other one-line values. */
export function normaliseInline(text: string): string {
  return text.normalize("NFC").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** Last path segment of a POSIX or Windows path. */
export function baseName(name: string): string {
  const parts = name.split(/[/\\]/);
  return parts[parts.length - 1] ?? name;
}

/** Lower-case extension without the dot (`"md"`), or `""` when the file has none. Dotfiles have none. */
export function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** The path without its extension: `hr/leave.md` → `hr/leave`. */
export function stripExtension(path: string): string {
  const base = baseName(path);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? path.slice(0, path.length - (base.length - dot)) : path;
}

/**
 * A readable title from a file name, the last resort when the content has none:
 * `Parental_leave.md` → `Parental leave`.
 */
export function titleFromFileName(name: string): string {
  const title = normaliseInline(stripExtension(baseName(name)).replace(/_+/g, " "));
  return title === "" ? normaliseInline(baseName(name)) || "Untitled" : title;
}

/**
 * Reduces a declared language tag (`en-GB`, `vi_VN`, `VI`) to its primary subtag (`en`, `vi`), which is
 * what choosing a full-text search configuration needs. Returns undefined for anything that is not a
 * plausible BCP 47 tag (`""`, `"x-default"`, `"und"`).
 */
export function normaliseLanguage(tag: string | null | undefined): string | undefined {
  if (typeof tag !== "string") return undefined;
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? "";
  if (!/^[a-z]{2,3}$/.test(primary) || primary === "und" || primary === "mul" || primary === "zxx") return undefined;
  return primary;
}

/**
 * Longest document id, in characters. Ids are indexed with their source, and a Postgres index entry must stay
 * under ~2.7 kB: 400 characters of up to 4 bytes each leave room for the source.
 */
export const MAX_EXTERNAL_ID_LENGTH = 400;

/** A C0 or C1 control character. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Why `id` cannot be a document id, or null when it can: it holds a control character (NUL, which Postgres
 * text cannot store, or a character no one can see or type) or is longer than {@link MAX_EXTERNAL_ID_LENGTH}.
 */
export function externalIdProblem(id: string): string | null {
  if (CONTROL_CHARACTER.test(id)) return "contains control characters";
  if (id.length > MAX_EXTERNAL_ID_LENGTH)
    return `is ${id.length.toLocaleString("en")} characters long; at most ${MAX_EXTERNAL_ID_LENGTH} are allowed`;
  return null;
}

/** `text` with its control characters shown as `\u0000`-style escapes: safe to store, print and read. */
export function printable(text: string): string {
  return text.replace(new RegExp(CONTROL_CHARACTER.source, "g"), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** External id of a file: its relative path without extension, POSIX separators, NFC (`hr/leave.md` → `hr/leave`). */
export function defaultExternalId(relativePath: string): string {
  return stripExtension(relativePath.replace(/\\/g, "/")).normalize("NFC");
}
