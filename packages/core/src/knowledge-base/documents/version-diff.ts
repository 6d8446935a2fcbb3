/**
 * What changed between two versions of a document: a line diff of their text (jsdiff's `structuredPatch`), as
 * hunks of added, removed and context lines that `@lore/ui/diff-view` renders. Computed here, on the server, so
 * neither the library nor two whole versions reach the browser.
 */
import { structuredPatch } from "diff";
import type { PrismaClient } from "@lore/db";
import { DocumentError } from "./views";

export type DiffLineKind = "added" | "removed" | "context";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line numbers in the older and newer text (null where the line is not in that side). */
  oldLine: number | null;
  newLine: number | null;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface TextDiff {
  hunks: DiffHunk[];
  added: number;
  removed: number;
}

/** Lines of context around each change. */
const CONTEXT_LINES = 3;

/** The line diff of two texts as hunks (pure). */
export function diffText(older: string, newer: string, context = CONTEXT_LINES): TextDiff {
  const patch = structuredPatch("older", "newer", older, newer, undefined, undefined, { context });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((h): DiffHunk => {
    let oldLine = h.oldStart;
    let newLine = h.newStart;
    const lines: DiffLine[] = [];
    for (const raw of h.lines) {
      if (raw.startsWith("\\")) continue; // "\ No newline at end of file"
      const text = raw.slice(1);
      if (raw.startsWith("+")) {
        added += 1;
        lines.push({ kind: "added", text, oldLine: null, newLine: newLine++ });
      } else if (raw.startsWith("-")) {
        removed += 1;
        lines.push({ kind: "removed", text, oldLine: oldLine++, newLine: null });
      } else {
        lines.push({ kind: "context", text, oldLine: oldLine++, newLine: newLine++ });
      }
    }
    return { oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines };
  });
  return { hunks, added, removed };
}

/**
 * The diff from version `fromVersionId` to `toVersionId` of one document (either order of age is allowed: the
 * diff goes from the first to the second), with the two versions' numbers and titles. A version of another
 * document is NOT_FOUND.
 */
export async function diffVersions(db: PrismaClient, params: { documentId: string; fromVersionId: string; toVersionId: string }) {
  const versions = await db.documentVersion.findMany({
    where: { documentId: params.documentId, id: { in: [params.fromVersionId, params.toVersionId] } },
    select: { id: true, version: true, title: true, content: true, createdAt: true },
  });
  const from = versions.find((v) => v.id === params.fromVersionId);
  const to = versions.find((v) => v.id === params.toVersionId);
  if (!from || !to) throw new DocumentError("NOT_FOUND", "One of those versions is not a version of this document.");
  const summary = (v: typeof from) => ({ id: v.id, version: v.version, title: v.title, createdAt: v.createdAt });
  return {
    from: summary(from),
    to: summary(to),
    titleChanged: from.title !== to.title,
    ...diffText(from.content, to.content),
  };
}
