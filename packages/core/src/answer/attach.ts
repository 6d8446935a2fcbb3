/**
 * Citations for an answer whose model wrote no `[n]` markers: each sentence of the answer is matched to the
 * source sharing the largest share of its content words, and cited when that share is high enough. Such citations
 * are marked `attached`, so a reader knows Lore matched them rather than the model choosing them.
 */
import { queryTerms } from "../retrieve/query-terms";
import type { NumberedSource } from "../prompt/types";
import { citationOf, type Citation } from "./citations";

/** Share of a sentence's content words a source must contain to be cited for it. */
export const ATTACH_MIN_OVERLAP = 0.5;
/** Sentences with fewer content words than this are not matched (greetings, "Yes."). */
const MIN_TERMS = 3;

export function attachCitations(answer: string, sources: readonly NumberedSource[], locale = "en"): Citation[] {
  const sourceTerms = sources.map((s) => new Set(queryTerms(`${s.title} ${s.text}`)));
  const segmenter = new Intl.Segmenter(locale, { granularity: "sentence" });
  const cited = new Map<number, Citation>();
  for (const { segment } of segmenter.segment(answer)) {
    const terms = queryTerms(segment);
    if (terms.length < MIN_TERMS) continue;
    let best = -1;
    let bestShare = 0;
    sourceTerms.forEach((set, i) => {
      const share = terms.filter((t) => set.has(t)).length / terms.length;
      if (share > bestShare) {
        best = i;
        bestShare = share;
      }
    });
    const source = sources[best];
    if (source && bestShare >= ATTACH_MIN_OVERLAP && !cited.has(source.n)) cited.set(source.n, citationOf(source, true));
  }
  return [...cited.values()];
}
