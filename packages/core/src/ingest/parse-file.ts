/**
 * One file in, documents out: size check, type detection, the format's parser. Everything that can go
 * wrong with a file surfaces as an {@link IngestError} naming it; nothing else escapes.
 */
import { createHash } from "node:crypto";
import { splitSections } from "./chunk";
import { detectType, type Detected } from "./detect";
import { MAX_INLINE_CHARS, capInline, defaultExternalId, externalIdProblem, normaliseInline, printable } from "./normalize";
import { parseDocx } from "./parse/docx";
import { parseHtml } from "./parse/html";
import { parseJsonl } from "./parse/jsonl";
import { parseMarkdown } from "./parse/markdown";
import { parsePdf } from "./parse/pdf";
import { parseText } from "./parse/text";
import { expandInputs, type SourceInput } from "./sources";
import { IngestError, resolveLimits, tooLarge, type IngestLimits, type ParseContext, type ParseResult, type ParsedDocument } from "./types";

export interface ParseFileInput {
  /** File name or relative path (`hr/leave.md`); its extension and base name matter. */
  name: string;
  bytes: Uint8Array;
  /** Defaults to `name` without its extension. */
  externalId?: string;
}

/** Limits (defaults: 25 MB per file; a Word document's parts are held to the zip limits, see parse/docx.ts). */
export type ParseFileOptions = Partial<IngestLimits>;

/**
 * Parses one file. Returns its documents (several for JSONL) and per-record errors (JSONL lines).
 * Throws an {@link IngestError} when the file as a whole cannot be imported.
 */
export async function parseFile(input: ParseFileInput, options: ParseFileOptions = {}): Promise<ParseResult> {
  const { name, bytes } = input;
  const limits = resolveLimits(options);
  if (bytes.byteLength > limits.maxFileBytes) throw tooLarge(name, bytes.byteLength, limits.maxFileBytes);

  const detected = await detectType(name, bytes);
  const ctx: ParseContext = {
    name,
    externalId: input.externalId ?? defaultExternalId(name),
    mimeType: detected.mimeType,
  };
  let result: ParseResult;
  try {
    result = await parseByKind(detected, bytes, ctx, limits);
  } catch (err) {
    if (err instanceof IngestError) throw err;
    // A parser library failing in a way we did not anticipate: still the file's fault, still one file.
    throw new IngestError(
      "CORRUPT",
      name,
      `"${name}" could not be read (${err instanceof Error ? err.message.split("\n")[0] : String(err)}). Check the file and import it again.`,
      {
        cause: err,
      },
    );
  }
  const documents = result.documents.map((doc) => (doc.title.length > MAX_INLINE_CHARS ? { ...doc, title: capInline(doc.title) } : doc));
  return dropHeadingOnly({ ...result, documents }, name, detected.kind === "jsonl");
}

async function parseByKind(detected: Detected, bytes: Uint8Array, ctx: ParseContext, limits: IngestLimits): Promise<ParseResult> {
  switch (detected.kind) {
    case "markdown":
      return single(parseMarkdown(detected.text, ctx));
    case "text":
      return single(parseText(detected.text, ctx));
    case "html":
      return single(parseHtml(detected.text, ctx));
    case "jsonl":
      return parseJsonl(detected.text, ctx);
    case "pdf":
      return single(await parsePdf(bytes, ctx));
    case "docx":
      return single(await parseDocx(bytes, ctx, limits));
    case "zip":
      throw new IngestError(
        "UNSUPPORTED_TYPE",
        ctx.name,
        `"${ctx.name}" is a ZIP archive inside an archive (or was passed as a single file). Archives are expanded only at the top level: unpack it and import the folder or the inner archive.`,
      );
  }
}

/**
 * A document made only of headings ("# Onboarding" and nothing under it) has no text to chunk, so it
 * could never be found or cited: refuse it here, as EMPTY, rather than store a document with no chunks.
 */
function dropHeadingOnly(result: ParseResult, name: string, perRecord: boolean): ParseResult {
  const documents: ParsedDocument[] = [];
  const errors = [...result.errors];
  for (const doc of result.documents) {
    if (splitSections(doc.text).length > 0) {
      documents.push(doc);
      continue;
    }
    const error = new IngestError(
      "EMPTY",
      name,
      `"${name}"${perRecord ? ` (id "${doc.externalId}")` : ""} has headings but no text under them.`,
      {
        externalId: doc.externalId,
      },
    );
    if (!perRecord) throw error;
    errors.push(error);
  }
  return { documents, errors };
}

function single(doc: ParsedDocument): ParseResult {
  return { documents: [doc], errors: [] };
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
