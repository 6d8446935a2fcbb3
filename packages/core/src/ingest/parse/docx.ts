/**
 * Word (.docx) → HTML with mammoth (which maps Word's heading styles to `<h1>`…`<h6>`, keeps lists and
 * tables) → the same HTML → Markdown path as wiki pages, so headings survive for chunking.
 */
import mammoth from "mammoth";
import { titleFromFileName } from "../normalize";
import { IngestError, type ParseContext, type ParsedDocument } from "../types";
import { htmlToMarkdown } from "./html";

// Word's "Title" style is the document title; mammoth ignores it by default (with a warning), so map it.
// Subtitles are kept as a paragraph.
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"];

// Images would otherwise be inlined as base64 data URIs: megabytes of text for nothing we index.
const DROP_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: "" }));

export async function parseDocx(bytes: Uint8Array, ctx: ParseContext): Promise<ParsedDocument> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // externalFileAccess stays off (the default): a document must not make us read files it links to.
      { styleMap: STYLE_MAP, convertImage: DROP_IMAGES, externalFileAccess: false },
    );
    html = result.value;
  } catch (err) {
    throw new IngestError("CORRUPT", ctx.name, `"${ctx.name}" is a damaged Word document and cannot be read (${errorText(err)}). Open it in Word, save it again, and re-import.`, {
      cause: err,
    });
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

function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0]?.slice(0, 200) ?? "unknown error";
}
