/** Small text helpers the prompt folder shares: sentences, words, citation markers. */

// One segmenter of each kind for the process (they keep no state between calls); a fixed locale keeps results
// machine-independent. ICU breaks sentences after . ! ? and after line breaks, so list items count as sentences.
const sentenceSegmenter = new Intl.Segmenter("und", { granularity: "sentence" });
const wordSegmenter = new Intl.Segmenter("und", { granularity: "word" });

/** The sentences of `text`, each with its trailing whitespace: joined, they give `text` back. */
export function sentences(text: string): string[] {
  return Array.from(sentenceSegmenter.segment(text), (s) => s.segment);
}

/** The word-like segments of `text` (no spaces or punctuation), in order. */
export function words(text: string): string[] {
  return Array.from(wordSegmenter.segment(text))
    .filter((s) => s.isWordLike)
    .map((s) => s.segment);
}

/**
 * The longest prefix of whole sentences of `text` that `fits` accepts, with "…" after it when something was cut;
 * null when not even the first sentence fits. `fits` must be monotone (a longer prefix never fits when a shorter
 * one does not): the search is a bisection.
 */
export function longestSentencePrefix(text: string, fits: (candidate: string) => boolean): string | null {
  if (fits(text)) return text;
  const parts = sentences(text);
  const prefix = (k: number) => `${parts.slice(0, k).join("").trimEnd()} …`;
  let low = 0; // the most sentences known to fit (0: none yet)
  let high = parts.length; // the fewest known not to fit (the whole text)
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (fits(prefix(mid))) low = mid;
    else high = mid;
  }
  return low === 0 ? null : prefix(low);
}

// [1], [2][3], [1, 2] and [1-3]: the markers answers cite sources with.
const CITATION = /\s?\[\d+(?:\s*[,–-]\s*\d+)*\]/g;

/** `text` without its citation markers, so an earlier answer's [n] cannot be mistaken for this prompt's source n. */
export function stripCitations(text: string): string {
  return text.replace(CITATION, "");
}
