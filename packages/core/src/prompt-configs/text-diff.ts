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

/** A run of changes with up to {@link CONTEXT_LINES} unchanged lines around it (the shape `@lore/ui/diff-view` renders). */
export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: Array<{ kind: "added" | "removed" | "context"; text: string; oldLine: number | null; newLine: number | null }>;
}

export const CONTEXT_LINES = 3;

export interface TextDiff {
  lines: DiffLine[];
  hunks: DiffHunk[];
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
    hunks: hunksOf(lines),
    added: lines.filter((l) => l.kind === "added").length,
    removed: lines.filter((l) => l.kind === "removed").length,
  };
}

/** The changed lines grouped into hunks, each with its unchanged neighbours (hunks closer than twice that merge). */
export function hunksOf(lines: DiffLine[], context = CONTEXT_LINES): DiffHunk[] {
  const changed = lines.flatMap((l, i) => (l.kind === "unchanged" ? [] : [i]));
  const ranges: Array<[number, number]> = [];
  for (const i of changed) {
    const start = Math.max(0, i - context);
    const end = Math.min(lines.length - 1, i + context);
    const last = ranges.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges.map(([start, end]) => {
    const slice = lines.slice(start, end + 1);
    const firstOld = slice.find((l) => l.oldLine !== null)?.oldLine ?? 1;
    const firstNew = slice.find((l) => l.newLine !== null)?.newLine ?? 1;
    return {
      oldStart: firstOld,
      oldLines: slice.filter((l) => l.oldLine !== null).length,
      newStart: firstNew,
      newLines: slice.filter((l) => l.newLine !== null).length,
      lines: slice.map((l) => ({
        kind: l.kind === "unchanged" ? ("context" as const) : l.kind,
        text: l.segments.map((seg) => seg.text).join(""),
        oldLine: l.oldLine,
        newLine: l.newLine,
      })),
    };
  });
}
