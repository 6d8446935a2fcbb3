/**
 * Word (.docx) → HTML with mammoth (which maps Word's heading styles to `<h1>`…`<h6>`, keeps lists and
 * tables) → the same HTML → Markdown path as wiki pages, so headings survive for chunking.
 */
import mammoth from "mammoth";
import { titleFromFileName } from "../normalize";
import { DEFAULT_LIMITS, IngestError, formatBytes, type IngestLimits, type ParseContext, type ParsedDocument } from "../types";
import { ArchiveTooLargeError, EntryTooLargeError, TooManyEntriesError, checkArchiveSize } from "../zip";
import { htmlToMarkdown } from "./html";

// Word's "Title" style is the document title; mammoth ignores it by default (with a warning), so map it.
// Subtitles are kept as a paragraph.
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"];

// Images would otherwise be inlined as base64 data URIs: megabytes of text for nothing we index.
const DROP_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: "" }));

/**
 * A .docx is a zip archive, and mammoth unpacks it with JSZip, which inflates each part whole with no limit: a
 * few hundred kilobytes of deflated XML can inflate to gigabytes and take the worker down. So the archive is
 * held to the limits of a .zip import first (each part at most the per-file limit, all of them at most the
 * per-archive limit, at most as many entries), counted on the real output.
 */
async function checkUnpackedSize(bytes: Uint8Array, ctx: ParseContext, limits: IngestLimits): Promise<void> {
  try {
    await checkArchiveSize(bytes, {
      maxEntries: limits.maxZipEntries,
      maxEntryBytes: limits.maxFileBytes,
      maxTotalBytes: limits.maxZipTotalBytes,
    });
  } catch (err) {
    const refuse = (what: string) =>
      new IngestError(
        "TOO_LARGE",
        ctx.name,
        `"${ctx.name}" ${what}, so it was not imported. Save it again from Word (or split it), or ask an administrator to raise the limit.`,
        {
          cause: err,
        },
      );
    if (err instanceof EntryTooLargeError)
      throw refuse(`has a part that unpacks to more than ${formatBytes(err.limit)}, the limit per file`);
    if (err instanceof ArchiveTooLargeError) {
      const size = err.declared === undefined ? "more than" : `${formatBytes(err.declared)}, above`;
      throw refuse(`unpacks to ${size} the ${formatBytes(err.limit)} limit per archive`);
    }
    if (err instanceof TooManyEntriesError)
      throw refuse(`has more than ${err.maxEntries.toLocaleString("en")} parts, the limit per archive`);
    throw damaged(ctx, err);
  }
}

export async function parseDocx(bytes: Uint8Array, ctx: ParseContext, limits: IngestLimits = DEFAULT_LIMITS): Promise<ParsedDocument> {
  await checkUnpackedSize(bytes, ctx, limits);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // externalFileAccess stays off (the default): a document must not make us read files it links to.
      { styleMap: STYLE_MAP, convertImage: DROP_IMAGES, externalFileAccess: false },
    );
    html = result.value;
  } catch (err) {
    throw damaged(ctx, err);
  }
  const { markdown, title } = htmlToMarkdown(html);
  if (markdown === "") {
    throw new IngestError("EMPTY", ctx.name, `"${ctx.name}" has no text to import. If its pages are scanned images, run OCR on it first.`);
  }
  return {
    externalId: ctx.externalId,
    title: title ?? titleFromFileName(ctx.name),
    mimeType: ctx.mimeType,
    text: markdown,
  };
}

function damaged(ctx: ParseContext, err: unknown): IngestError {
  return new IngestError(
    "CORRUPT",
    ctx.name,
    `"${ctx.name}" is a damaged Word document and cannot be read (${errorText(err)}). Open it in Word, save it again, and re-import.`,
    {
      cause: err,
    },
  );
}

function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0]?.slice(0, 200) ?? "unknown error";
}
