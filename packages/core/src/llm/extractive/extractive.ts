/**
 * The extractive answer: the default when no language model is configured. It writes nothing of its own: it
 * quotes the retrieved sentences that best answer the question, each cited `[n]`, or refuses when none does.
 *
 * 1. Split the sources into sentences (segment.ts).
 * 2. Score each: relevance = 0.6 · BM25 coverage of the question's terms (lexical.ts) + 0.4 · cosine similarity of
 *    sentence and question vectors, times small priors for an early place in its chunk, a well-ranked source and
 *    a heading (or list lead-in) that names the question's terms.
 * 3. Refuse when the best score is below `minScore`. Otherwise drop near-duplicates, keep the sentences that
 *    score at least 70% of the best, and pick up to `maxSentences` of them with Maximal Marginal Relevance.
 * 4. Show them grouped by source in source order, in their own order within a source, each followed by `[n]`.
 */
import type { Embedder } from "../../embed/types";
import { cosineSimilarity } from "../../embed/vector";
import type { NumberedSource } from "../../prompt/types";
import { maximalMarginalRelevance } from "../../retrieve/fusion";
import { bm25Coverage, inverseFrequencies, questionTerms, termCoverage, wordsOf } from "./lexical";
import { candidateSentences, type CandidateSentence } from "./segment";

/** The id recorded with an extractive answer, in place of a model's. */
export const EXTRACTIVE_MODEL_ID = "extractive";
/** How to name it wherever an answer is shown: it is not a language model, and must not pass for one. */
export const EXTRACTIVE_MODEL_LABEL = "No language model: sentences quoted from your sources";

/**
 * Lexical and vector weights of a sentence's relevance (they sum to 1). Words carry more: with the offline hashing
 * embedder the vector side sees only spelling, and a sentence that names the question's terms is the one that
 * answers it; the vector side still catches inflections, compounds and (with a real model) paraphrases.
 */
export const LEXICAL_WEIGHT = 0.6;
export const VECTOR_WEIGHT = 0.4;
/** Priors, as multipliers: the first sentence of a chunk ×1.1 (the second ×1.05…), the best source ×1.1 (the second ×1.05…), a heading naming all the question's terms ×1.15. */
export const POSITION_BONUS = 0.1;
export const RANK_BONUS = 0.1;
export const HEADING_BONUS = 0.15;

/**
 * The score below which the best sentence is not an answer, and the extractive answer refuses (lowered for long
 * questions: {@link lengthAllowance}). Calibrated by a sweep on clapnq, whose unanswerable questions come with a
 * related passage that does not answer them, checked against govuk-policies' false refusals: the method and the
 * figures are in docs/evaluation.md. An embedding model, whose cosines run higher, may want it higher.
 */
export const DEFAULT_MIN_SCORE = 0.35;
/** Questions up to this many terms are held to the full threshold (see {@link lengthAllowance}). */
export const SHORT_QUESTION_TERMS = 6;
export const LENGTH_EXPONENT = 0.75;
export const DEFAULT_MAX_SENTENCES = 4;
/** MMR's trade-off: relevance first, as retrieval's λ 0.7, so diversity only decides between near equals. */
export const DEFAULT_MMR_LAMBDA = 0.7;
/** A sentence below this share of the best score is off the point, however diverse (it keeps the steps of a how-to list together). */
export const SUPPORT_RATIO = 0.7;
/** Two sentences this similar (cosine) are one sentence said twice: only the better scored is kept. */
export const NEAR_DUPLICATE_SIMILARITY = 0.9;
/** At most this many sentences are scored (the first ones, best sources first), bounding the embedding call. */
export const MAX_CANDIDATES = 400;

export interface ExtractiveOptions {
  maxSentences?: number;
  minScore?: number;
  mmrLambda?: number;
  /** The sentence segmenter's locale; by default "vi" for a question written with Vietnamese letters, else "en". */
  locale?: string;
}

export interface ExtractiveInput {
  question: string;
  sources: readonly NumberedSource[];
  embedder: Embedder;
  options?: ExtractiveOptions;
}

export interface ExtractiveSentence {
  /** The sentence as quoted, without its marker. */
  text: string;
  /** The number of the source it is quoted from (its `[n]`). */
  n: number;
  chunkId: string;
  score: number;
}

export interface ExtractiveAnswer {
  /** The quoted sentences, each followed by `[n]`, one paragraph per source; "" when refused. */
  text: string;
  /** The same sentences in the same order. */
  sentences: ExtractiveSentence[];
  /** True when no sentence scored `minScore`: the sources do not answer the question. */
  refused: boolean;
  /** The best sentence's score (0 with no sentences), for calibrating `minScore`. */
  bestScore: number;
}

interface Scored extends CandidateSentence {
  score: number;
  vector: number[];
}

export async function extractiveAnswer(input: ExtractiveInput): Promise<ExtractiveAnswer> {
  const { question, sources, embedder, options = {} } = input;
  const locale = options.locale ?? guessLocale(question);
  const candidates = candidateSentences(sources, locale).slice(0, MAX_CANDIDATES);
  const scored = await scoreSentences(question, candidates, embedder);
  const bestScore = scored.reduce((best, s) => Math.max(best, s.score), 0);
  const minScore = (options.minScore ?? DEFAULT_MIN_SCORE) / lengthAllowance(questionTerms(question).length);
  if (scored.length === 0 || bestScore < minScore) return { text: "", sentences: [], refused: true, bestScore };

  const eligible = withoutNearDuplicates(scored).filter((s) => s.score >= Math.max(minScore, SUPPORT_RATIO * bestScore));
  const picked = maximalMarginalRelevance(
    eligible.map((s) => ({ relevance: s.score, vector: s.vector })),
    options.maxSentences ?? DEFAULT_MAX_SENTENCES,
    options.mmrLambda ?? DEFAULT_MMR_LAMBDA,
  ).map((i) => eligible[i]!);
  const ordered = readableOrder(picked);
  const sentences = ordered.map(({ text, n, chunkId, score }) => ({ text, n, chunkId, score }));
  return { text: render(ordered), sentences, refused: false, bestScore };
}

/**
 * How much lower the bar is for a long question. The lexical part of a score is the share of the question's terms a
 * sentence covers, and one sentence rarely covers most of a question of twenty terms (a scenario and a question):
 * past {@link SHORT_QUESTION_TERMS} terms the threshold is divided by (terms / that)^{@link LENGTH_EXPONENT}.
 */
export function lengthAllowance(terms: number): number {
  return Math.max(1, (terms / SHORT_QUESTION_TERMS) ** LENGTH_EXPONENT);
}

/** Relevance (lexical and vector) times the priors; see the constants above. */
async function scoreSentences(question: string, candidates: CandidateSentence[], embedder: Embedder): Promise<Scored[]> {
  if (candidates.length === 0) return [];
  const [questionVector, vectors] = await Promise.all([
    embedder.embedQuery(question),
    embedder.embedDocuments(candidates.map((c) => plainText(c.text))),
  ]);
  const terms = questionTerms(question);
  const words = candidates.map((c) => ({
    words: wordsOf(plainText(c.text)),
    leadIn: wordsOf(plainText(c.leadIn)),
    heading: wordsOf(plainText(c.heading)),
  }));
  const lexical = bm25Coverage(terms, words);
  const idf = inverseFrequencies(terms, words);
  return candidates.map((candidate, i) => {
    const relevance = LEXICAL_WEIGHT * lexical[i]! + VECTOR_WEIGHT * Math.max(0, cosineSimilarity(questionVector, vectors[i]!));
    const prior =
      (1 + POSITION_BONUS / (1 + candidate.position)) *
      (1 + RANK_BONUS / (1 + candidate.sourceRank)) *
      (1 + HEADING_BONUS * termCoverage(terms, words[i]!.heading, idf));
    return { ...candidate, score: relevance * prior, vector: vectors[i]! };
  });
}

/** Drops each sentence that repeats (near enough) a better-scored one, keeping the rest in their order. */
function withoutNearDuplicates(scored: Scored[]): Scored[] {
  const kept: Scored[] = [];
  for (const s of [...scored].sort((a, b) => b.score - a.score)) {
    const key = wordsOf(s.text).join(" ");
    const duplicate = kept.some(
      (k) => wordsOf(k.text).join(" ") === key || cosineSimilarity(k.vector, s.vector) >= NEAR_DUPLICATE_SIMILARITY,
    );
    if (!duplicate) kept.push(s);
  }
  return scored.filter((s) => kept.includes(s));
}

/** Grouped by source in the sources' order, then in their order within the chunk. */
function readableOrder(sentences: Scored[]): Scored[] {
  return [...sentences].sort((a, b) => a.sourceRank - b.sourceRank || a.position - b.position);
}

/** One paragraph per source, each sentence followed by its marker. */
function render(sentences: readonly Scored[]): string {
  const paragraphs: string[] = [];
  let previous: number | undefined;
  for (const s of sentences) {
    const cited = cite(s.text, s.n);
    if (s.sourceRank === previous) paragraphs[paragraphs.length - 1] += ` ${cited}`;
    else paragraphs.push(cited);
    previous = s.sourceRank;
  }
  return paragraphs.join("\n\n");
}

/** "Leave is 25 days." → "Leave is 25 days [1]."; a sentence not ending in plain punctuation gets " [1]" after it. */
export function cite(sentence: string, n: number): string {
  const end = /(?<=[\p{L}\p{N}`)\]])[.!?…。！？]+$/u.exec(sentence);
  return end ? `${sentence.slice(0, end.index)} [${n}]${end[0]}` : `${sentence} [${n}]`;
}

/** The words a reader sees, for matching and embedding: link targets and emphasis markers left out. */
function plainText(markdown: string): string {
  return markdown.replace(/!?\[([^\]]*)\]\([^)]*\)/gu, "$1").replace(/[*_`~]+/gu, "");
}

/** Vietnamese letters (with their tone marks) that English text does not use. */
const VIETNAMESE_LETTERS = /[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]/iu;

function guessLocale(question: string): string {
  return VIETNAMESE_LETTERS.test(question.normalize("NFC")) ? "vi" : "en";
}
