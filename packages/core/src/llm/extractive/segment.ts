/**
 * The sentences of a retrieved chunk that could stand alone in an answer: the chunk's Markdown read block by
 * block (headings, paragraphs, list items, table rows), each block split with `Intl.Segmenter` (sentence
 * granularity), and fragments dropped. Inline formatting is kept; heading markers, list markers and quote
 * markers are not.
 */
import type { NumberedSource } from "../../prompt/types";

/** A sentence a chunk offers, with what the scoring needs to know of where it stood. */
export interface CandidateSentence {
  /** The sentence as it will be shown (inline Markdown kept, block markers and `[n]`-like footnotes removed). */
  text: string;
  /** The source's number, cited as `[n]`. */
  n: number;
  chunkId: string;
  /** The source's place in the retrieved list (0 = best). */
  sourceRank: number;
  /** The sentence's place in its chunk (0 = first). */
  position: number;
  /** What it sits under: the document's title, the chunk's heading path and the latest heading inside the chunk. */
  heading: string;
  /** The paragraph ending with ":" that introduces the list it is an item of ("" when none). */
  leadIn: string;
}

const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/u;
const FENCE = /^ {0,3}(?:```|~~~)/u;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/u;
const TABLE_ROW = /^[ \t]*\|.*\|[ \t]*$/u;
const TABLE_SEPARATOR = /^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$/u;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?(?:[ \t]+|$)/u;
const QUOTE = /^[ \t]*(?:>[ \t]?)+/u;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]/u;
/** A footnote or citation in the source's own text (`[2]`, `[1, 3]`): it would read as a citation of ours. */
const BRACKETED_NUMBERS = /[ \t]?\[\d{1,3}(?:[ \t]*,[ \t]*\d{1,3})*\](?![(:[])/gu;
/** A segment ending with a short capitalised abbreviation ("Mr.", "Dr.", "TP.") was cut too early by ICU. */
const ABBREVIATION_END = /(?:^|[\s(])\p{Lu}\p{L}{0,2}\.\s*$/u;

/** Fewer words than this is a fragment (a label, a bare heading, "See below."), not an answer. */
export const MIN_SENTENCE_WORDS = 4;

/** A block of the chunk's text and the context it sits in. */
interface Block {
  text: string;
  heading: string;
  leadIn: string;
}

/** Splits each source into candidate sentences, in source order, then in their order within the chunk. */
export function candidateSentences(sources: readonly NumberedSource[], locale: string): CandidateSentence[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: "sentence" });
  const out: CandidateSentence[] = [];
  sources.forEach((source, sourceRank) => {
    let position = 0;
    for (const block of blocksOf(source)) {
      for (const sentence of sentencesOf(block.text, segmenter)) {
        out.push({
          text: sentence,
          n: source.n,
          chunkId: source.chunkId,
          sourceRank,
          position,
          heading: block.heading,
          leadIn: block.leadIn,
        });
        position++;
      }
    }
  });
  return out;
}

/** The chunk's Markdown as prose blocks (one per paragraph, list item or table row), with the context of each. */
function blocksOf(source: NumberedSource): Block[] {
  const base = [source.title, ...source.headingPath].join(" ");
  let heading = ""; // the latest heading inside the chunk
  let leadIn = ""; // a paragraph ending with ":" introduces the list that follows it
  let listed = false; // list items have followed the lead-in
  let paragraph: string[] = [];
  let inFence = false;
  const blocks: Block[] = [];
  const flush = (): void => {
    const text = paragraph.join(" ").trim();
    paragraph = [];
    if (text === "") return;
    if (text.endsWith(":")) {
      leadIn = text; // a lead-in is context for what follows, not an answer of its own
      listed = false;
    } else blocks.push({ text, heading: [base, heading].join(" ").trim(), leadIn });
  };

  for (const line of source.text.split(/\r?\n/u)) {
    if (FENCE.test(line)) {
      flush();
      inFence = !inFence; // code blocks are left out: a sentence-level answer cannot quote them faithfully
      continue;
    }
    if (inFence) continue;
    const headingMatch = HEADING.exec(line);
    if (headingMatch) {
      flush();
      heading = headingMatch[1] ?? "";
      leadIn = "";
    } else if (line.trim() === "" || RULE.test(line) || TABLE_SEPARATOR.test(line) || LINK_DEFINITION.test(line)) {
      flush();
    } else if (TABLE_ROW.test(line)) {
      flush();
      const cells = line.trim().replace(/^\|/u, "").replace(/\|$/u, "").split("|");
      paragraph.push(cells.map((cell) => cell.trim()).join(" | "));
      flush();
    } else if (LIST_ITEM.test(line)) {
      flush();
      listed = true;
      paragraph.push(line.replace(LIST_ITEM, ""));
    } else {
      // A new paragraph after the list's items ends the list, and so its lead-in (an indented line continues an item).
      if (paragraph.length === 0 && listed && !/^[ \t]/u.test(line)) leadIn = "";
      paragraph.push(line.replace(QUOTE, "").trim());
    }
  }
  flush();
  return blocks;
}

/** The sentences of one block: segmented, abbreviation splits mended, footnote markers removed, fragments dropped. */
function sentencesOf(text: string, segmenter: Intl.Segmenter): string[] {
  const pieces: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const last = pieces.length - 1;
    if (last >= 0 && ABBREVIATION_END.test(pieces[last]!)) pieces[last] += segment;
    else pieces.push(segment);
  }
  return pieces.map((piece) => piece.replace(BRACKETED_NUMBERS, "").replace(/\s+/gu, " ").trim()).filter((piece) => !isFragment(piece));
}

/** Too few words to answer anything, or only markup and punctuation. */
function isFragment(sentence: string): boolean {
  const words = sentence.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length < MIN_SENTENCE_WORDS || !/\p{L}/u.test(sentence);
}
