/**
 * PDF → text with unpdf (pdf.js built for servers). PDFs carry no reliable heading structure, so the
 * result is plain paragraphs, page after page; the chunker splits it by size.
 */
import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { normaliseInline, normaliseLanguage, normaliseText, titleFromFileName } from "../normalize";
import { IngestError, type ParseContext, type ParsedDocument } from "../types";
import { neutraliseMarkdown } from "./neutralise";

// Titles that PDF producers fill in automatically and that say nothing about the document.
const JUNK_TITLE = /^(untitled|document\d*|microsoft word\s*-.*|slide \d+|title|\s*)$|\.(docx?|pdf|pptx?|xlsx?|odt|rtf|txt)$/i;

export async function parsePdf(bytes: Uint8Array, ctx: ParseContext): Promise<ParsedDocument> {
  // pdf.js may transfer (detach) the buffer it is given; hand it a copy so the caller's bytes stay usable.
  const data = new Uint8Array(bytes);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(data, { verbosity: 0 });
  } catch (err) {
    throw openError(err, ctx.name);
  }
  try {
    let pages: string[];
    let info: Record<string, unknown> = {};
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
      info = (await getMeta(pdf)).info as Record<string, unknown>;
    } catch (err) {
      throw new IngestError(
        "CORRUPT",
        ctx.name,
        `"${ctx.name}" is a damaged PDF: its text could not be read (${errorText(err)}). Export or print it to PDF again.`,
        {
          cause: err,
        },
      );
    }
    // pdf.js separates text runs with spaces of its own; collapse them, keep line and page breaks. The text is
    // stored as Markdown, so what a renderer would read as HTML or an unsafe link is made inert (./neutralise.ts).
    const text = neutraliseMarkdown(normaliseText(pages.map((page) => page.replace(/[ \t]+/g, " ")).join("\n\n")), "text");
    if (text === "") {
      throw new IngestError(
        "EMPTY",
        ctx.name,
        `"${ctx.name}" has no extractable text: it is probably a scanned document (pages stored as images). Run it through OCR (for example ocrmypdf) and import the result.`,
      );
    }
    const metaTitle = typeof info["Title"] === "string" ? normaliseInline(info["Title"]) : "";
    const language = normaliseLanguage(typeof info["Language"] === "string" ? info["Language"] : undefined);
    return {
      externalId: ctx.externalId,
      title: metaTitle !== "" && !JUNK_TITLE.test(metaTitle) ? metaTitle : titleFromFileName(ctx.name),
      mimeType: ctx.mimeType,
      ...(language ? { language } : {}),
      text,
    };
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

/** pdf.js signals problems with exceptions told apart by `name`, not by class identity we could import. */
function openError(err: unknown, name: string): IngestError {
  const kind = err instanceof Error || (typeof err === "object" && err !== null) ? String((err as { name?: unknown }).name) : "";
  if (kind === "PasswordException") {
    return new IngestError(
      "ENCRYPTED",
      name,
      `"${name}" is password-protected. Remove the password (for example open it and print or export it to a new PDF) and import it again.`,
      { cause: err },
    );
  }
  return new IngestError(
    "CORRUPT",
    name,
    `"${name}" is a damaged or incomplete PDF and cannot be opened (${errorText(err)}). Download or export it again.`,
    {
      cause: err,
    },
  );
}

function errorText(err: unknown): string {
  const message =
    err instanceof Error ? err.message : typeof err === "object" && err && "message" in err ? String(err.message) : String(err);
  return message.split("\n")[0]?.slice(0, 200) ?? "unknown error";
}
