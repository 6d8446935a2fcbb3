import { STOP_WORDS } from "../embed/stopwords";

/**
 * The query's content words, for the keyword retriever. Function words are dropped (the `simple`
 * configuration keeps them, and "how"/"the" would only add postings to read for almost no weight), unless
 * nothing else is left. Quotes, brackets and a leading "-" or "!" are removed: this is a retrieval query,
 * not a search syntax.
 */
export function queryTerms(query: string): string[] {
  const words = query
    .normalize("NFKC")
    .toLowerCase()
    .split(/[\s"'()]+/u)
    // Trailing punctuation only from the start of its run (the lookbehind): else each character of a long run
    // that does not end the word starts an attempt that reads the rest of it (quadratic: seconds for 80,000 commas).
    .map((w) => w.replace(/^[-!]+/u, "").replace(/(?<![^\p{L}\p{N}])[^\p{L}\p{N}]+$/u, ""))
    .filter((w) => w !== "" && /[\p{L}\p{N}]/u.test(w));
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return [...new Set(content.length > 0 ? content : words)];
}
