/**
 * `[n]` citation markers in a streamed answer. Text arrives in arbitrary pieces, so a marker may be split
 * (`… policy [` + `2] …`): the parser holds back a possible marker at the end of what it has until it is complete.
 * A marker that names no source is dropped from the text; the others stay as written and resolve to their source,
 * recorded in first-cited order. `[1, 3]` and `[1][3]` cite both.
 */
import type { NumberedSource } from "../prompt/types";

/** A source an answer cites: what a reader needs to open the passage it quoted, in that version. */
export interface Citation {
  n: number;
  chunkId: string;
  documentId: string;
  versionId: string;
  title: string;
  headingPath: string[];
  /** True when matched to the answer after the fact (the model wrote no markers), false when the answer cited it. */
  attached: boolean;
}

export function citationOf(source: NumberedSource, attached: boolean): Citation {
  return {
    n: source.n,
    chunkId: source.chunkId,
    documentId: source.documentId,
    versionId: source.versionId,
    title: source.title,
    headingPath: source.headingPath,
    attached,
  };
}

/** A marker with the spaces before it (dropped with a marker that cites nothing, so no " ." is left behind). */
const MARKER = /([^\S\n]*)\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
/**
 * The end of the text that could still become a marker (`[`, `[1`, `[1,`, `[1, 2`) with the spaces before it, or
 * trailing spaces alone (a marker may follow in the next piece). Held back until the next piece decides.
 */
const PARTIAL_MARKER = /[^\S\n]*(?:\[(\d{1,3}(\s*,\s*\d{0,3})*)?)?$/;

export interface CitationStep {
  /** Text safe to show now (markers to unknown sources removed). */
  text: string;
  /** Sources cited for the first time in this step, in order. */
  citations: Citation[];
}

export function createCitationParser(sources: readonly NumberedSource[]) {
  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const cited: Citation[] = [];
  let pending = "";

  function resolve(text: string): CitationStep {
    const fresh: Citation[] = [];
    const out = text.replace(MARKER, (_marker, space: string, list: string) => {
      const known = list
        .split(",")
        .map((n) => Number(n.trim()))
        .filter((n) => byNumber.has(n));
      for (const n of known) {
        if (cited.some((c) => c.n === n)) continue;
        const citation = citationOf(byNumber.get(n)!, false);
        cited.push(citation);
        fresh.push(citation);
      }
      return known.length ? `${space}[${known.join(", ")}]` : "";
    });
    return { text: out, citations: fresh };
  }

  return {
    /** Feeds a piece of the answer; returns what can be shown now. */
    push(delta: string): CitationStep {
      const text = pending + delta;
      const partial = PARTIAL_MARKER.exec(text);
      pending = partial ? text.slice(partial.index) : "";
      return resolve(partial ? text.slice(0, partial.index) : text);
    },
    /** The end of the answer: whatever was held back is resolved (or shown as text). */
    end(): CitationStep {
      const text = pending;
      pending = "";
      return resolve(text);
    },
    /** Every source cited so far, in first-cited order. */
    cited(): Citation[] {
      return [...cited];
    },
  };
}
