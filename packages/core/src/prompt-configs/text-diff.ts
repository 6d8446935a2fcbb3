/**
 * The system prompt's changes between two versions, as lines (added, removed, unchanged) with the changed words
 * marked inside a removed line and the added line that replaced it. Computed with jsdiff (`diff`) on the server,
 * so the console ships no diff code.
 */
import { diffLines, diffWordsWithSpace } from "diff";

export interface DiffSegment {
  text: string;
  /** Inside a changed line: whether this piece is what changed. */
  changed: boolean;
}

export interface DiffLine {
  kind: "added" | "removed" | "unchanged";
  /** 1-based line numbers in the old and new text (null on the side the line is absent from). */
  oldLine: number | null;
  newLine: number | null;
  segments: DiffSegment[];
}

export interface TextDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

const withFinalNewline = (value: string) => (value === "" || value.endsWith("\n") ? value : `${value}\n`);
const splitLines = (value: string) => value.replace(/\n$/, "").split("\n");

export function diffText(before: string, after: string): TextDiff {
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  // Both end with a line break, so a last line followed by new ones is not reported as changed.
  const parts = diffLines(withFinalNewline(before), withFinalNewline(after));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (part.removed && next?.added) {
      // A replaced block: pair its lines with the new ones and mark the changed words in each pair.
      const gone = splitLines(part.value);
      const came = splitLines(next.value);
      for (let j = 0; j < Math.max(gone.length, came.length); j++) {
        const was = gone[j];
        const now = came[j];
        const words = was !== undefined && now !== undefined ? diffWordsWithSpace(was, now) : null;
        if (was !== undefined) {
          lines.push({
            kind: "removed",
            oldLine: oldLine++,
            newLine: null,
            segments: words
              ? words.filter((w) => !w.added).map((w) => ({ text: w.value, changed: !!w.removed }))
              : [{ text: was, changed: false }],
          });
        }
        if (now !== undefined) {
          lines.push({
            kind: "added",
            oldLine: null,
            newLine: newLine++,
            segments: words
              ? words.filter((w) => !w.removed).map((w) => ({ text: w.value, changed: !!w.added }))
              : [{ text: now, changed: false }],
          });
        }
      }
      i++;
      continue;
    }
    for (const text of splitLines(part.value)) {
      if (part.added) lines.push({ kind: "added", oldLine: null, newLine: newLine++, segments: [{ text, changed: false }] });
      else if (part.removed) lines.push({ kind: "removed", oldLine: oldLine++, newLine: null, segments: [{ text, changed: false }] });
      else lines.push({ kind: "unchanged", oldLine: oldLine++, newLine: newLine++, segments: [{ text, changed: false }] });
    }
  }
  return {
    lines,
    added: lines.filter((l) => l.kind === "added").length,
    removed: lines.filter((l) => l.kind === "removed").length,
  };
}
