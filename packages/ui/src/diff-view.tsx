import type { ComponentProps, ReactNode } from "react";

import { cn } from "./lib/cn";
import { ScrollRegion } from "./scroll-region";

export type DiffViewLine = {
  kind: "added" | "removed" | "context";
  text: string;
  /** Line number in the older text; null for an added line. */
  oldLine: number | null;
  /** Line number in the newer text; null for a removed line. */
  newLine: number | null;
};

export type DiffViewHunk = {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: readonly DiffViewLine[];
};

export type DiffViewProps = Omit<ComponentProps<"div">, "children"> & {
  hunks: readonly DiffViewHunk[];
  /** Names the diff for screen readers, e.g. "Changes from version 2 to version 3". */
  label: string;
  /** Shown when there are no hunks (the texts are the same). */
  empty?: ReactNode;
};

const SIGN: Record<DiffViewLine["kind"], string> = { added: "+", removed: "−", context: " " };
const SPOKEN: Record<DiffViewLine["kind"], string> = { added: "Added", removed: "Removed", context: "Unchanged" };
const ROW: Record<DiffViewLine["kind"], string> = {
  added: "bg-success-soft text-success-soft-fg",
  removed: "bg-danger-soft text-danger-soft-fg",
  context: "text-fg",
};

/**
 * A unified line diff: hunks of added, removed and unchanged lines with both line numbers. Not colour alone: each
 * line carries a + or − sign and, for screen readers, the words "Added" or "Removed". Prop-driven (the hunks come
 * from the server), so any diff — a document's versions, a prompt's — renders the same way.
 */
export function DiffView({ hunks, label, empty = "No differences.", className, ...props }: DiffViewProps) {
  if (hunks.length === 0) {
    return (
      <div className={cn("rounded-lg border border-border px-4 py-6 text-center text-sm text-muted", className)} {...props}>
        {empty}
      </div>
    );
  }
  return (
    <ScrollRegion label={label} className={cn("relative overflow-x-auto rounded-lg border border-border", className)} {...props}>
      <table className="w-full border-collapse font-mono text-xs">
        <caption className="sr-only">{label}</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Old line</th>
            <th scope="col">New line</th>
            <th scope="col">Change</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
        {hunks.map((hunk, h) => (
          <tbody key={`${hunk.oldStart}:${hunk.newStart}:${h}`} className="border-t border-border first:border-t-0">
            <tr className="bg-surface-muted text-muted">
              <td colSpan={4} className="px-3 py-1">
                Lines {hunk.oldStart}–{hunk.oldStart + Math.max(0, hunk.oldLines - 1)} → {hunk.newStart}–
                {hunk.newStart + Math.max(0, hunk.newLines - 1)}
              </td>
            </tr>
            {hunk.lines.map((line, i) => (
              <tr key={i} className={ROW[line.kind]} data-kind={line.kind}>
                <td className="w-12 px-2 text-right align-top text-muted select-none">{line.oldLine ?? ""}</td>
                <td className="w-12 px-2 text-right align-top text-muted select-none">{line.newLine ?? ""}</td>
                <td className="w-6 px-1 text-center align-top font-semibold select-none">
                  <span aria-hidden="true">{SIGN[line.kind]}</span>
                  <span className="sr-only">{SPOKEN[line.kind]}</span>
                </td>
                <td className="px-2 align-top break-words whitespace-pre-wrap">{line.text === "" ? " " : line.text}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </ScrollRegion>
  );
}
