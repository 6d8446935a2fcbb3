/**
 * Decides how to parse a file from its extension AND its content. The extension says what the user
 * believes the file is; the first bytes say what it really is. When they disagree we refuse with a
 * message that says which one is wrong, rather than indexing a PNG as Markdown gibberish.
 */
import { extensionOf } from "./normalize";
import { IngestError } from "./types";
import { TooManyEntriesError, listEntryNames } from "./zip";

export type TextKind = "markdown" | "html" | "text" | "jsonl";
export type BinaryKind = "pdf" | "docx" | "zip";
export type DocumentKind = TextKind | BinaryKind;

export const MIME_TYPES: Readonly<Record<DocumentKind, string>> = {
  markdown: "text/markdown",
  html: "text/html",
  text: "text/plain",
  jsonl: "application/x-ndjson",
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  zip: "application/zip",
};

/** What a file is. Text kinds come already decoded, so the bytes are decoded exactly once. */
export type Detected = { kind: TextKind; mimeType: string; text: string } | { kind: BinaryKind; mimeType: string };

const EXTENSIONS: Readonly<Record<string, DocumentKind>> = {
  md: "markdown",
  markdown: "markdown",
  mdown: "markdown",
  mkd: "markdown",
  mkdn: "markdown",
  html: "html",
  htm: "html",
  xhtml: "html",
  txt: "text",
  text: "text",
  jsonl: "jsonl",
  ndjson: "jsonl",
  pdf: "pdf",
  docx: "docx",
  zip: "zip",
};

const LABELS: Readonly<Record<DocumentKind, string>> = {
  markdown: "Markdown",
  html: "HTML",
  text: "plain text",
  jsonl: "JSONL",
  pdf: "a PDF document",
  docx: "a Word document",
  zip: "a ZIP archive",
};

export const SUPPORTED_FORMATS_HINT =
  "Lore imports Markdown (.md), HTML (.html), plain text (.txt), PDF (.pdf), Word (.docx), JSONL (.jsonl) and .zip archives of these.";

// Extra advice for formats people commonly try.
const UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  doc: "Open it in Word and save it as .docx.",
  rtf: "Open it in a word processor and save it as .docx.",
  odt: "Open it in LibreOffice and save it as .docx.",
  pages: "Export it from Pages as .docx or PDF.",
  xlsx: "Spreadsheets are not indexed; export the relevant sheet as a PDF or HTML page.",
  xls: "Spreadsheets are not indexed; export the relevant sheet as a PDF or HTML page.",
  csv: "Spreadsheets are not indexed; convert the rows to JSONL records with an id, title and text.",
  pptx: "Export the presentation as PDF.",
  ppt: "Export the presentation as PDF.",
  png: "Images have no text to index; scanned documents need OCR first.",
  jpg: "Images have no text to index; scanned documents need OCR first.",
  jpeg: "Images have no text to index; scanned documents need OCR first.",
};

interface Signature {
  label: string;
  kind?: BinaryKind;
  ole2?: true;
  test: (b: Uint8Array) => boolean;
}

const startsWith = (b: Uint8Array, bytes: readonly number[], at = 0) =>
  b.length >= at + bytes.length && bytes.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

// Magic numbers of formats we parse, and of formats people upload by mistake (so the message can name them).
const SIGNATURES: readonly Signature[] = [
  { label: "a PDF document", kind: "pdf", test: (b) => startsWith(b, ascii("%PDF-")) },
  { label: "a ZIP archive", kind: "zip", test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) },
  { label: "a PNG image", test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { label: "a JPEG image", test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { label: "a GIF image", test: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")) },
  { label: "a WebP image", test: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8) },
  { label: "a TIFF image", test: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { label: "a video or audio file", test: (b) => startsWith(b, ascii("ftyp"), 4) },
  // OLE2 compound file: legacy .doc/.xls/.ppt, and also password-protected .docx (see below).
  { label: "a legacy Microsoft Office file", ole2: true, test: (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { label: "a gzip archive", test: (b) => startsWith(b, [0x1f, 0x8b]) },
  { label: "a 7-Zip archive", test: (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { label: "a RAR archive", test: (b) => startsWith(b, ascii("Rar!")) },
  { label: "an executable", test: (b) => startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) },
  { label: "an SQLite database", test: (b) => startsWith(b, ascii("SQLite format 3")) },
];

function indexOfAscii(b: Uint8Array, needle: string): number {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(needle, 0, "latin1");
}

function sniff(bytes: Uint8Array): Signature | undefined {
  return SIGNATURES.find((s) => s.test(bytes));
}

/**
 * Detects the type of one file. Throws {@link IngestError} (UNSUPPORTED_TYPE, MISLABELLED, EMPTY,
 * CORRUPT, ENCRYPTED) when it cannot or must not be parsed.
 */
export async function detectType(name: string, bytes: Uint8Array): Promise<Detected> {
  if (bytes.length === 0)
    throw new IngestError("EMPTY", name, `"${name}" is empty (0 bytes). Check that the export finished and import it again.`);

  const ext = extensionOf(name);
  const claimed = EXTENSIONS[ext];
  const signature = sniff(bytes);

  if (claimed === undefined) {
    if (ext !== "") {
      const hint = UNSUPPORTED_HINTS[ext];
      throw new IngestError(
        "UNSUPPORTED_TYPE",
        name,
        `"${name}": .${ext} files are not supported. ${hint ? `${hint} ` : ""}${SUPPORTED_FORMATS_HINT}`,
      );
    }
    // No extension (README, exported page ids): trust the content when it is one of ours.
    if (signature?.kind === "pdf") return binary("pdf");
    if (signature?.kind === "zip") return binary(await zipKind(name, bytes));
    if (signature)
      throw new IngestError("UNSUPPORTED_TYPE", name, `"${name}" is ${signature.label}, which is not supported. ${SUPPORTED_FORMATS_HINT}`);
    const text = decodeText(name, bytes, "text");
    return looksLikeHtml(text) ? textual("html", text) : textual("text", text);
  }

  switch (claimed) {
    case "pdf":
      // PDF readers (pdf.js included) accept the header anywhere in the first KiB, after junk some tools
      // prepend; a text file merely mentioning "%PDF-" is not a PDF, hence the strict check elsewhere.
      if (signature?.kind === "pdf" || indexOfAscii(bytes.subarray(0, 1024), "%PDF-") !== -1) return binary("pdf");
      throw mismatch(name, "pdf", signature);
    case "docx": {
      if (signature?.kind === "zip") {
        const kind = await zipKind(name, bytes);
        if (kind === "docx") return binary("docx");
        throw new IngestError(
          "MISLABELLED",
          name,
          `"${name}" is a ZIP archive but not a Word document (it has no word/document.xml). If it is a wiki export, rename it to .zip.`,
        );
      }
      if (signature?.ole2) {
        // Word writes password-protected .docx files as an OLE2 container holding an "EncryptedPackage"
        // stream; a plain OLE2 file is an old .doc that was renamed.
        if (indexOfUtf16(bytes, "EncryptedPackage")) {
          throw new IngestError(
            "ENCRYPTED",
            name,
            `"${name}" is password-protected. Remove the password in Word (File › Info › Protect Document) and import it again.`,
          );
        }
        throw new IngestError(
          "MISLABELLED",
          name,
          `"${name}" is an old-format Word (.doc) file renamed to .docx. Open it in Word and save it as .docx.`,
        );
      }
      throw mismatch(name, "docx", signature);
    }
    case "zip":
      if (signature?.kind === "zip") return binary(await zipKind(name, bytes));
      throw mismatch(name, "zip", signature);
    default: {
      if (signature) {
        throw new IngestError(
          "MISLABELLED",
          name,
          `"${name}" is named like ${LABELS[claimed]} but its content is ${signature.label}. Rename it with the right extension, or import the original ${LABELS[claimed]} file.`,
        );
      }
      return textual(claimed, decodeText(name, bytes, claimed));
    }
  }
}

function binary(kind: BinaryKind): Detected {
  return { kind, mimeType: MIME_TYPES[kind] };
}

function textual(kind: TextKind, text: string): Detected {
  return { kind, mimeType: MIME_TYPES[kind], text };
}

function mismatch(name: string, claimed: BinaryKind, signature: Signature | undefined): IngestError {
  if (signature) {
    return new IngestError(
      "MISLABELLED",
      name,
      `"${name}" is named like ${LABELS[claimed]} but its content is ${signature.label}. Rename it with the right extension.`,
    );
  }
  // Unknown bytes under a binary extension: a damaged or truncated download rather than a mix-up.
  return new IngestError("CORRUPT", name, `"${name}" is damaged: its content is not ${LABELS[claimed]}. Download or export it again.`);
}

/** DOCX and wiki exports are both ZIP files; a Word document has `word/document.xml`. */
async function zipKind(name: string, bytes: Uint8Array): Promise<"docx" | "zip"> {
  let names: string[];
  try {
    // A DOCX has a few dozen parts; an archive with thousands of entries is an export, not a Word file.
    names = await listEntryNames(bytes, 5_000);
  } catch (err) {
    if (err instanceof TooManyEntriesError) return "zip";
    throw new IngestError(
      "CORRUPT",
      name,
      `"${name}" is a damaged ZIP file and cannot be opened (${(err as Error).message}). Create or download it again.`,
      {
        cause: err,
      },
    );
  }
  return names.some((n) => n.toLowerCase() === "word/document.xml") ? "docx" : "zip";
}

function indexOfUtf16(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(needle, "utf16le"));
}

/** The tag that makes a text HTML, when it comes first (after an XML declaration and comments). */
const HTML_FIRST_TAG = /^<(?:!doctype\s+html|html|head|body)\b/i;

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at;
}

/**
 * Whether a text without an extension is an HTML page: its first 2 KiB start, after optional whitespace, an XML
 * declaration and comments, with a doctype or an `<html>`, `<head>` or `<body>` tag. Scanned by hand, each
 * comment's end found with one search: as one regular expression (a repeated group of lazy comments), a text
 * of many comments followed by anything else took exponential time to refuse, and it runs on the worker's
 * only thread (40 empty comments: hours).
 */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048);
  let at = skipSpace(head, 0);
  if (head.startsWith("<?xml", at)) {
    const end = head.indexOf(">", at);
    if (end === -1) return false;
    at = skipSpace(head, end + 1);
  }
  while (head.startsWith("<!--", at)) {
    const end = head.indexOf("-->", at + 4);
    if (end === -1) return false;
    at = skipSpace(head, end + 3);
  }
  return HTML_FIRST_TAG.test(head.slice(at));
}

/**
 * Decodes text: UTF-8 (with or without BOM), UTF-16 with a BOM (Windows "Unicode" saves), or the charset
 * an HTML page declares. Binary content under a text extension is MISLABELLED; bytes that are text but
 * not valid UTF-8 are refused rather than turned into mojibake (which would then be indexed and hashed).
 */
export function decodeText(name: string, bytes: Uint8Array, kind: TextKind): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(bytes);
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(bytes);

  if (looksBinary(bytes)) {
    throw new IngestError(
      "MISLABELLED",
      name,
      `"${name}" is named like ${LABELS[kind]} but contains binary data, not text. Check that you picked the right file.`,
    );
  }

  try {
    // TextDecoder drops a UTF-8 BOM by default.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const declared = kind === "html" ? declaredCharset(bytes) : undefined;
    if (declared) {
      try {
        return new TextDecoder(declared).decode(bytes);
      } catch {
        // Unknown label: fall through to the error below.
      }
    }
    throw new IngestError(
      "CORRUPT",
      name,
      `"${name}" is not valid UTF-8 text. Re-save it with UTF-8 encoding (most editors offer this under "Save as") and import it again.`,
    );
  }
}

/** A NUL byte, or many control characters, in the first 8 KiB means binary. */
function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    // Tab, LF, FF, CR and ESC (ANSI colours in logs) are fine in text.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) control++;
  }
  return control > head.length * 0.02;
}

function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString("latin1");
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  const label = match?.[1]?.toLowerCase();
  return label && label !== "utf-8" && label !== "utf8" ? label : undefined;
}
