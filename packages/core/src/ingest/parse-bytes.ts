/**
 * The parsing of one file, as it runs inside a parse thread: type detection, the format's parser, the checks every
 * format shares. CPU-bound and unbounded in time, so called only through ./parse-thread.ts.
 */
import { splitSections } from "./chunk";
import { detectType, type Detected } from "./detect";
import { MAX_INLINE_CHARS, capInline, defaultExternalId } from "./normalize";
import { parseDocx } from "./parse/docx";
import { parseHtml } from "./parse/html";
import { parseJsonl } from "./parse/jsonl";
import { parseMarkdown } from "./parse/markdown";
import { parsePdf } from "./parse/pdf";
import { parseText } from "./parse/text";
import { IngestError, type IngestLimits, type ParseContext, type ParseResult, type ParsedDocument } from "./types";

export interface ParseFileInput {
  /** File name or relative path (`hr/leave.md`); its extension and base name matter. */
  name: string;
  bytes: Uint8Array;
  /** Defaults to `name` without its extension. */
  externalId?: string;
}

/**
 * Parses one file here, in the calling thread, with no time limit: {@link parseFile} runs this in a thread it can stop
 * (./parse-thread.ts). Returns its documents (several for JSONL) and per-record errors (JSONL lines); throws an
 * {@link IngestError} when the file as a whole cannot be imported. The caller has checked its size.
 */
export async function parseBytes(input: ParseFileInput, limits: IngestLimits): Promise<ParseResult> {
  const { name, bytes } = input;
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
