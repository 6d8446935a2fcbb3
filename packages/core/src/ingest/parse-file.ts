/**
 * One file in, documents out: size check, then type detection and the format's parser in a thread stopped at the
 * time limit (./parse-thread.ts, ./parse-bytes.ts). Everything that can go wrong with a file surfaces as an
 * {@link IngestError} naming it; nothing else escapes, except a {@link ParseThreadError} (no parse thread starts: no
 * file's fault).
 */
import { createHash } from "node:crypto";
import { externalIdProblem, normaliseInline, printable } from "./normalize";
import type { ParseFileInput } from "./parse-bytes";
import { ParseThreadError, parseInThread } from "./parse-thread";
import { expandInputs, type SourceInput } from "./sources";
import { IngestError, resolveLimits, tooLarge, type IngestLimits, type ParseResult, type ParsedDocument } from "./types";

export type { ParseFileInput } from "./parse-bytes";

/**
 * Limits (defaults: 25 MB per file, 60 s to parse it; a Word document's parts are held to the zip limits, see
 * parse/docx.ts).
 */
export type ParseFileOptions = Partial<IngestLimits>;

/**
 * Parses one file, in a worker thread stopped after `parseTimeoutMs` (default 60 s): a file that takes longer fails
 * with TIMED_OUT, and a stuck parser costs nothing once stopped. Returns its documents (several for JSONL) and
 * per-record errors (JSONL lines). Throws an {@link IngestError} when the file as a whole cannot be imported, and a
 * {@link ParseThreadError} when no file can be parsed at all (the thread does not start).
 */
export async function parseFile(input: ParseFileInput, options: ParseFileOptions = {}): Promise<ParseResult> {
  const limits = resolveLimits(options);
  if (input.bytes.byteLength > limits.maxFileBytes) throw tooLarge(input.name, input.bytes.byteLength, limits.maxFileBytes);
  return parseInThread(input, limits);
}

/**
 * Fingerprint of what a reader sees: the normalised title and text. Equal hashes mean re-importing
 * changes nothing (no new version, no re-embedding). The url is deliberately not part of it: a moved
 * page with the same content is the same version (update the url in place).
 */
export function contentHash(doc: Pick<ParsedDocument, "title" | "text">): string {
  return (
    createHash("sha256")
      .update(normaliseInline(doc.title), "utf8")
      // A separator that cannot occur in a normalised title keeps ("ab", "c") and ("a", "bc") apart.
      .update("\u0000", "utf8")
      .update(doc.text.normalize("NFC"), "utf8")
      .digest("hex")
  );
}

/** Everything one input file produced. `documents` is empty when the file failed. */
export interface FileResult {
  /** The file as the user knows it (`handbook/hr/leave.md`, `export.zip/hr/leave.html`). */
  file: string;
  documents: ParsedDocument[];
  errors: IngestError[];
}

/** Limits for the whole import (defaults: 25 MB per file, 10,000 entries and 200 MB per zip). */
export type ParseInputsOptions = Partial<IngestLimits>;

/**
 * Expands inputs (files, folders, zips, uploaded bytes) and parses each file, yielding one result per
 * file in a deterministic order. Never throws for a bad file: its error is in its result and the batch
 * goes on. A document id seen twice in the batch (`a.md` and `a.html`, or a JSONL id equal to a file's)
 * is kept the first time and reported as DUPLICATE_ID after.
 */
export async function* parseInputs(inputs: readonly SourceInput[], options: ParseInputsOptions = {}): AsyncGenerator<FileResult> {
  const limits = resolveLimits(options);
  const seen = new Map<string, string>();
  for await (const item of expandInputs(inputs, limits)) {
    if (item.kind === "error") {
      yield { file: item.name, documents: [], errors: [item.error] };
      continue;
    }
    const badId = externalIdProblem(item.externalId);
    if (badId) {
      const name = printable(item.name);
      const error = new IngestError(
        "INVALID_NAME",
        name,
        `The name of "${name}" cannot be a document id: the id (its path without the extension) ${badId}. Rename it and import it again.`,
      );
      yield { file: name, documents: [], errors: [error] };
      continue;
    }
    let result: ParseResult;
    try {
      result = await parseFile({ name: item.name, bytes: item.bytes, externalId: item.externalId }, limits);
    } catch (err) {
      if (err instanceof ParseThreadError) throw err; // not this file's fault: every file would fail the same way
      const error =
        err instanceof IngestError ? err : new IngestError("CORRUPT", item.name, `"${item.name}" could not be read.`, { cause: err });
      yield { file: item.name, documents: [], errors: [error] };
      continue;
    }
    const documents: ParsedDocument[] = [];
    const errors = [...result.errors];
    for (const doc of result.documents) {
      const first = seen.get(doc.externalId);
      if (first !== undefined) {
        errors.push(
          new IngestError(
            "DUPLICATE_ID",
            item.name,
            `"${item.name}" maps to the document id "${doc.externalId}", which "${first}" already uses in this import. Rename one of them; this one was skipped.`,
            { externalId: doc.externalId },
          ),
        );
        continue;
      }
      seen.set(doc.externalId, item.name);
      documents.push(doc);
    }
    yield { file: item.name, documents, errors };
  }
}
