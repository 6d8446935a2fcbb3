/**
 * Structure-aware chunking. (One file past the usual size on purpose: sectioning, splitting and merging share
 * one token budget and are only correct together.)
 *
 * A chunk should answer one question well, so chunks follow the document's sections: the Markdown is cut
 * at its headings (found with mdast-util-from-markdown, so `#` inside code blocks or tables is not a
 * heading), each section remembers its heading path ("Leave policy › Parental leave"), sections longer
 * than the budget are split by LangChain's RecursiveCharacterTextSplitter (paragraphs, then lines, then
 * sentences, then words) with overlap, and tiny neighbouring sections under one parent are merged so a
 * one-line "Contact" section does not become a chunk of its own.
 *
 * Sizes are in tokens (tokens/count.ts).
 *
 * Each chunk also gets `contextText` = "Title › H1 › H2\n\n" + text: that is what is embedded and
 * full-text indexed, so a chunk that says "Six months, paid." is still found by "parental leave".
 * The budget covers the whole contextText: the header's tokens are taken from the body's share.
 */
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { countTokens } from "../tokens/count";
import { capInline, normaliseInline } from "./normalize";
import { parseMarkdownTree, plainText } from "./parse/markdown-tree";

export interface Chunk {
  /** 0-based position in the document. */
  ordinal: number;
  /** The chunk body (Markdown), as shown in citations. */
  text: string;
  /** Headings above the chunk, outermost first: `["Leave policy", "Parental leave"]`. */
  headingPath: string[];
  /** Tokens of `text` (o200k_base). */
  tokenCount: number;
  /** `"Title › H1 › H2\n\n" + text`: what gets embedded and full-text indexed. */
  contextText: string;
}

export interface ChunkOptions {
  /** Target and maximum size of a chunk's contextText, in tokens. Default 400. */
  chunkTokens?: number;
  /** Tokens repeated from the end of one piece at the start of the next when a long section is split. Default 60. */
  overlapTokens?: number;
  /** Sections smaller than this are merged with adjacent small sections under the same parent. Default chunkTokens / 4. */
  minChunkTokens?: number;
}

export interface Section {
  /** Non-empty heading texts from the outermost heading down to the section's own. */
  headingPath: string[];
  /** The Markdown depth (1–6) of each heading in `headingPath`. */
  headingDepths: number[];
  /** The Markdown between this section's heading and the next heading, trimmed; never empty. */
  body: string;
}

export const DEFAULT_CHUNK_TOKENS = 400;
export const DEFAULT_OVERLAP_TOKENS = 60;
const HEADER_SEPARATOR = " › ";
// Long titles and headings are shortened in the header so that they cannot crowd out the body.
const MAX_HEADER_PART_CHARS = 120;

// A top-level ATX heading line (`## x`, indented at most 3 spaces) or a setext underline (`===`, `---`):
// a cheap over-approximation of "has headings" (the parser then decides, e.g. `---` may be a rule).
const MAYBE_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)|^ {0,3}(?:=+|-+)[ \t]*$/m;

/** Splits Markdown into sections at its headings. Text before the first heading has an empty path. */
export function splitSections(markdown: string): Section[] {
  // Most PDFs and text files have no heading syntax at all: skip the Markdown parse (seconds for a big file).
  if (!MAYBE_HEADING.test(markdown)) {
    const body = markdown.replace(/^(?:[ \t]*\n)+/, "").trimEnd();
    return body.trim() === "" ? [] : [{ headingPath: [], headingDepths: [], body }];
  }
  const tree = parseMarkdownTree(markdown);
  const sections: Section[] = [];
  const stack: { depth: number; text: string }[] = [];
  let cursor = 0;

  const emit = (end: number) => {
    const body = markdown
      .slice(cursor, end)
      .replace(/^(?:[ \t]*\n)+/, "")
      .trimEnd();
    if (body.trim() === "") return;
    const named = stack.filter((h) => h.text !== "");
    sections.push({ headingPath: named.map((h) => h.text), headingDepths: named.map((h) => h.depth), body });
  };

  // Only top-level headings structure the document; a heading inside a list item or quote is content.
  for (const node of tree.children) {
    if (node.type !== "heading") continue;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) continue;
    emit(start);
    while (stack.length > 0 && (stack[stack.length - 1]?.depth ?? 0) >= node.depth) stack.pop();
    stack.push({ depth: node.depth, text: capInline(normaliseInline(plainText(node))) });
    cursor = end;
  }
  emit(markdown.length);
  return sections;
}

/** `"Title › H1 › H2"`, without repeating the title when the first heading restates it. */
export function contextHeader(title: string, headingPath: readonly string[]): string {
  const parts = headingPath.map(shorten);
  const head = shorten(normaliseInline(title));
  if (parts.length > 0 && sameText(parts[0] ?? "", head)) parts.shift();
  return [head, ...parts].filter((p) => p !== "").join(HEADER_SEPARATOR);
}

/**
 * What gets embedded (and full-text indexed) for a chunk: `"Title › H1 › H2\n\n" + text`. One formula for
 * the chunker and for re-embedding stored chunks with another model (knowledge-base/embedding-models/reembed.ts), so both give the
 * same vectors.
 */
export function chunkContextText(title: string, headingPath: readonly string[], text: string): string {
  return `${contextHeader(title.normalize("NFC"), headingPath)}\n\n${text}`;
}

/**
 * Chunks one document's normalised Markdown. Deterministic: the same title, text and options always give
 * the same chunks. Never returns empty chunks; returns [] only for text with no content.
 */
export async function chunkDocument(doc: { title: string; text: string }, options: ChunkOptions = {}): Promise<Chunk[]> {
  const opts = resolveOptions(options);
  const title = doc.title.normalize("NFC");
  const counter = new CachedCounter();
  const splitters = new Map<number, RecursiveCharacterTextSplitter>();
  const split = (text: string, size: number) => {
    let splitter = splitters.get(size);
    if (!splitter) {
      // Overlap is added by us (see splitLongSection), so LangChain splits without it.
      splitter = new SectionSplitter({
        chunkSize: size,
        chunkOverlap: 0,
        separators: SEPARATORS,
        keepSeparator: true,
        lengthFunction: counter.count,
      });
      splitters.set(size, splitter);
    }
    return splitter.splitText(text);
  };
  // Every count goes through one cache: a section's body, its header and the final chunk text are often
  // the same strings, and BPE counting is most of the chunker's time.
  const budgetFor = (path: readonly string[]) =>
    Math.max(opts.chunkTokens - counter.count(`${contextHeader(title, path)}\n\n`), Math.ceil(opts.chunkTokens / 2));

  // 1. Sections, each either whole (fits) or split into pieces that fit.
  const units: Unit[] = [];
  let sectionIndex = 0;
  for (const section of splitSections(doc.text.normalize("NFC"))) {
    const budget = budgetFor(section.headingPath);
    const tokens = counter.count(section.body);
    if (tokens <= budget) {
      units.push({ ...section, tokens, section: sectionIndex });
    } else {
      for (const piece of await splitLongSection(section.body, budget, opts.overlapTokens, split, counter)) {
        units.push({ ...section, body: piece, tokens: counter.count(piece), section: sectionIndex });
      }
    }
    sectionIndex++;
  }

  // 2. Merge runs of small sections that share a parent, as long as the result still fits.
  const merged: { headingPath: string[]; text: string }[] = [];
  let group: Unit[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const path = commonPath(group);
    merged.push({ headingPath: path, text: renderGroup(group, path) });
    group = [];
  };
  for (const unit of units) {
    const last = group[group.length - 1];
    // Pieces of one split section are never merged back together (they would repeat their overlap), but
    // a section's first or last piece may take in a tiny neighbouring section.
    if (last && !group.some((g) => g.section === unit.section)) {
      const groupTokens = group.length === 1 ? last.tokens : counter.count(renderGroup(group, commonPath(group)));
      if (groupTokens < opts.minChunkTokens || unit.tokens < opts.minChunkTokens) {
        const candidate = [...group, unit];
        const path = commonPath(candidate);
        if (underOneParent(candidate, path) && counter.count(renderGroup(candidate, path)) <= budgetFor(path)) {
          group = candidate;
          continue;
        }
      }
    }
    flush();
    group = [unit];
  }
  flush();

  // 3. Number and dress the chunks.
  return merged
    .filter((m) => m.text.trim() !== "")
    .map((m, ordinal) => ({
      ordinal,
      text: m.text,
      headingPath: m.headingPath,
      tokenCount: counter.count(m.text),
      contextText: chunkContextText(title, m.headingPath, m.text),
    }));
}

interface Unit extends Section {
  tokens: number;
  /** Index of the section this unit is (a piece of). */
  section: number;
}

// Paragraphs, then lines, then sentences, then words, then characters (the last resort for a
// 2,000-character URL). Markdown headings are not in the list: sections are already cut at them.
const SEPARATORS = ["\n\n", "\n", ". ", "! ", "? ", "; ", "。", "！", "？", " ", ""];
// For these, the cut goes *after* the punctuation, so a piece ends with "." instead of the next one
// starting with ". ". LangChain only supports keeping separators at the start of the next piece.
const SENTENCE_ENDS = new Set([". ", "! ", "? ", "; ", "。", "！", "？"]);

class SectionSplitter extends RecursiveCharacterTextSplitter {
  protected override splitOnSeparator(text: string, separator: string): string[] {
    // The last resort splits into characters; LangChain's `split("")` would cut emoji and other astral
    // characters into lone surrogates, which become U+FFFD on their way to the database.
    if (separator === "") return Array.from(text);
    if (!SENTENCE_ENDS.has(separator)) return super.splitOnSeparator(text, separator);
    const punct = escapeRegExp(separator.trimEnd());
    const space = separator.length > separator.trimEnd().length ? "(?=\\s)" : "";
    return text.split(new RegExp(`(?<=${punct})${space}`)).filter((s) => s !== "");
  }
}

type SplitFn = (text: string, size: number) => Promise<string[]>;

/**
 * Splits a section that is over budget into pieces of at most `budget` tokens, each starting with up to
 * `overlapTokens` of the end of the previous piece.
 *
 * LangChain's own overlap works in whole splits: when a section's paragraphs are each longer than the
 * overlap (usual prose), it yields no overlap at all. So we split without overlap into cores of
 * `budget - overlap` tokens, then extend each core backwards over the previous core's last paragraphs,
 * lines, sentences or words (whichever boundary fits in the overlap), taken verbatim from the section.
 */
async function splitLongSection(
  body: string,
  budget: number,
  overlapTokens: number,
  split: SplitFn,
  counter: CachedCounter,
): Promise<string[]> {
  const overlap = Math.min(overlapTokens, Math.floor(budget / 2));
  const cores = await splitToFit(body, budget - overlap, split, counter);
  if (overlap === 0) return cores;
  const spans = locate(body, cores);
  const pieces: string[] = [];
  for (let i = 0; i < cores.length; i++) {
    const core = cores[i] ?? "";
    const span = spans[i];
    const previous = spans[i - 1];
    if (i === 0 || !span || !previous) {
      pieces.push(core);
      continue;
    }
    const previousText = body.slice(previous.start, previous.end);
    const tailStart = previous.start + (await overlapOffset(previousText, overlap, split, counter));
    const withOverlap = body.slice(tailStart, span.end).trim();
    pieces.push(counter.count(withOverlap) <= budget ? withOverlap : core);
  }
  return pieces;
}

/** Offset in `text` where its last ≤ `overlap` tokens begin, at the most natural boundary available. */
async function overlapOffset(text: string, overlap: number, split: SplitFn, counter: CachedCounter): Promise<number> {
  const parts = await split(text, overlap);
  const spans = locate(text, parts);
  let total = 0;
  let offset = text.length;
  for (let i = parts.length - 1; i >= 0; i--) {
    const tokens = counter.count(parts[i] ?? "");
    const span = spans[i];
    if (!span || total + tokens > overlap) break;
    total += tokens;
    offset = span.start;
  }
  return offset;
}

/** Start and end of each piece in `text`; the splitter's pieces are trimmed, in-order substrings. */
function locate(text: string, pieces: readonly string[]): ({ start: number; end: number } | undefined)[] {
  let cursor = 0;
  return pieces.map((piece) => {
    const start = text.indexOf(piece, cursor);
    if (start === -1) return undefined;
    cursor = start + piece.length;
    return { start, end: cursor };
  });
}

/**
 * Splits with LangChain, then makes the budget a hard limit: the splitter adds up the token counts of
 * its pieces, and BPE tokens do not always add up exactly across a join, so a piece can come out a
 * token or two over. Such a piece is split again with a slightly smaller size.
 */
async function splitToFit(text: string, size: number, split: SplitFn, counter: CachedCounter, depth = 0): Promise<string[]> {
  const pieces = (await split(text, size)).map((p) => p.trim()).filter((p) => p !== "");
  const out: string[] = [];
  for (const piece of pieces) {
    if (counter.count(piece) <= size || depth >= 4) out.push(piece);
    else out.push(...(await splitToFit(piece, Math.max(1, Math.floor(size * 0.9)), split, counter, depth + 1)));
  }
  return out;
}

function commonPath(units: readonly Unit[]): string[] {
  const first = units[0]?.headingPath ?? [];
  let length = first.length;
  for (const unit of units) {
    let i = 0;
    while (i < length && i < unit.headingPath.length && unit.headingPath[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length);
}

/** Every member is the parent's own text or one of its direct children. */
function underOneParent(units: readonly Unit[], path: readonly string[]): boolean {
  return units.every((u) => u.headingPath.length - path.length <= 1);
}

/** Members deeper than the shared path keep their heading line, so the merged text still reads as sections. */
function renderGroup(units: readonly Unit[], path: readonly string[]): string {
  return units
    .map((u) => {
      if (u.headingPath.length <= path.length) return u.body;
      const depth = u.headingDepths[u.headingDepths.length - 1] ?? 2;
      return `${"#".repeat(depth)} ${u.headingPath[u.headingPath.length - 1] ?? ""}\n\n${u.body}`;
    })
    .join("\n\n");
}

class CachedCounter {
  private readonly cache = new Map<string, number>();
  // An arrow property so it can be handed to LangChain as `lengthFunction` without losing `this`.
  readonly count = (text: string): number => {
    let n = this.cache.get(text);
    if (n === undefined) {
      n = countTokens(text);
      this.cache.set(text, n);
    }
    return n;
  };
}

function resolveOptions(options: ChunkOptions): Required<ChunkOptions> {
  const chunkTokens = options.chunkTokens ?? DEFAULT_CHUNK_TOKENS;
  const overlapTokens = options.overlapTokens ?? Math.min(DEFAULT_OVERLAP_TOKENS, Math.floor(chunkTokens / 4));
  const minChunkTokens = options.minChunkTokens ?? Math.floor(chunkTokens / 4);
  if (!Number.isInteger(chunkTokens) || chunkTokens < 32) throw new RangeError(`chunkTokens must be an integer ≥ 32, got ${chunkTokens}`);
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= chunkTokens / 2) {
    throw new RangeError(`overlapTokens must be an integer from 0 to less than half of chunkTokens, got ${overlapTokens}`);
  }
  if (!Number.isInteger(minChunkTokens) || minChunkTokens < 0 || minChunkTokens > chunkTokens) {
    throw new RangeError(`minChunkTokens must be an integer from 0 to chunkTokens, got ${minChunkTokens}`);
  }
  return { chunkTokens, overlapTokens, minChunkTokens };
}

function shorten(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_HEADER_PART_CHARS
    ? text
    : `${chars
        .slice(0, MAX_HEADER_PART_CHARS - 1)
        .join("")
        .trimEnd()}…`;
}

// Locale-independent on purpose: chunking must not depend on the machine's locale.
function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
