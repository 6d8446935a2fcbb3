/**
 * The lexical half of sentence scoring: BM25 with each candidate sentence as a document, over the question's
 * content words, normalised to [0, 1] so it can be combined with a cosine similarity and held to a threshold.
 */
import { STOP_WORDS } from "../../embed/stopwords";
import { queryTerms } from "../../retrieve/query-terms";

/** BM25's constants, as the keyword retriever uses them (docs/retrieval.md, "The keyword retriever"). */
const K1 = 1.2;
const B = 0.75;

/**
 * Words that shape a question rather than name what it is about ("how many days…", "làm sao để…"). A sentence
 * that answers "How many days of leave do I get?" says "25 days of leave", not "many" or "get": counted, these
 * would make every answer look like it covers only half the question.
 */
const QUESTION_WORDS: ReadonlySet<string> = new Set(
  `many much get got need long often way ways please tell know want like let ok okay anyone someone
  bao nhiêu thế nào gì ai đâu sao không tôi mình có xin hỏi ạ nhỉ vậy biết muốn cần phải`
    .normalize("NFKC")
    .split(/\s+/u)
    .filter(Boolean),
);

/**
 * A text's words for matching: NFKC and lower case as `queryTerms` does (so diacritics are kept, and a
 * decomposed "bán" equals the precomposed one), runs of letters, marks and digits, then the S-stemmer
 * (Harman, 1991) so that "days" matches "day" and "policies" "policy". The S-stemmer only touches words ending
 * in "s", which no Vietnamese syllable does.
 */
export function wordsOf(text: string): string[] {
  const words =
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.map(sStem);
}

function sStem(word: string): string {
  if (word.length <= 3 || !word.endsWith("s")) return word;
  if (word.endsWith("ies") && !/[ae]ies$/u.test(word)) return `${word.slice(0, -3)}y`;
  if (word.endsWith("es") && !/[aeo]es$/u.test(word)) return word.slice(0, -1);
  if (!/[us]s$/u.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * The question's terms: `queryTerms` (content words, search syntax removed) split and stemmed like the
 * sentences, without the question words above unless nothing else is left.
 */
export function questionTerms(question: string): string[] {
  const terms = [...new Set(queryTerms(question).flatMap(wordsOf))];
  const content = terms.filter((t) => !QUESTION_WORDS.has(t) && !STOP_WORDS.has(t));
  return content.length > 0 ? content : terms;
}

/** A sentence as BM25 sees it: its own words, and those of what it sits under. */
export interface SentenceWords {
  words: readonly string[];
  /** The lead-in of the list it is an item of ("To connect from home:"). */
  leadIn: readonly string[];
  /** The title and headings of its section. */
  heading: readonly string[];
}

/**
 * What a word of a sentence's context counts, against 1 for a word of the sentence itself (BM25F-style field
 * weights; only the sentence's own words count towards its length). The list item "Install the client." answers
 * "How do I connect to the VPN from home?" through its lead-in "To connect from home:" and its page "VPN how-to",
 * but a sentence that names the terms itself says more. Headings weigh least: every sentence of the section
 * shares them, so they tell the section apart more than the sentence.
 */
export const LEAD_IN_WEIGHT = 0.5;
export const HEADING_WEIGHT = 0.2;

/** Each term's inverse document frequency over the sentences, as the keyword retriever computes it. */
export function inverseFrequencies(terms: readonly string[], sentences: readonly SentenceWords[]): Map<string, number> {
  const idf = new Map<string, number>();
  for (const term of terms) {
    const df = sentences.reduce(
      (count, s) => count + (s.words.includes(term) || s.leadIn.includes(term) || s.heading.includes(term) ? 1 : 0),
      0,
    );
    idf.set(term, Math.log(1 + (sentences.length - df + 0.5) / (df + 0.5)));
  }
  return idf;
}

/**
 * BM25 of each sentence for `terms`, divided by what a sentence of average length holding each term once
 * scores (Σ idf), and capped at 1: about the idf-weighted share of the question a sentence covers. A term no
 * sentence has keeps its (high) idf in the divisor, so a question the sources do not speak of scores low.
 */
export function bm25Coverage(terms: readonly string[], sentences: readonly SentenceWords[]): number[] {
  const idf = inverseFrequencies(terms, sentences);
  const full = terms.reduce((sum, t) => sum + idf.get(t)!, 0);
  const averageLength = sentences.reduce((sum, s) => sum + s.words.length, 0) / Math.max(1, sentences.length) || 1;
  return sentences.map(({ words, leadIn, heading }) => {
    if (full === 0) return 0;
    let score = 0;
    for (const term of terms) {
      const tf = count(words, term) + LEAD_IN_WEIGHT * count(leadIn, term) + HEADING_WEIGHT * count(heading, term);
      if (tf === 0) continue;
      score += (idf.get(term)! * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * words.length) / averageLength));
    }
    return Math.min(1, score / full);
  });
}

function count(words: readonly string[], term: string): number {
  return words.reduce((n, w) => n + (w === term ? 1 : 0), 0);
}

/** The idf-weighted share of `terms` that `words` contains (0 when there are no terms). */
export function termCoverage(terms: readonly string[], words: readonly string[], idf: ReadonlyMap<string, number>): number {
  const present = new Set(words);
  let covered = 0;
  let full = 0;
  for (const term of terms) {
    const weight = idf.get(term) ?? 0;
    full += weight;
    if (present.has(term)) covered += weight;
  }
  return full > 0 ? covered / full : 0;
}
