/**
 * Shared types of the ingestion pipeline: what a parser produces, what can go wrong, and the limits
 * that keep a hostile or accidental upload from exhausting the worker.
 */
import { printable } from "./normalize";

/** One document ready to be versioned, chunked and embedded. */
export interface ParsedDocument {
  /**
   * Stable id within its source: the file path relative to the imported folder (or zip) without its
   * extension, POSIX separators, NFC; or the JSONL record's `id`. Re-importing the same file yields the
   * same id, which is what lets a re-import become a new version instead of a new document.
   */
  externalId: string;
  /** From `<title>`, front matter, the first `#` heading, PDF metadata, the JSONL `title`, else the file name. */
  title: string;
  /** Where the document lives, when the input says so (JSONL `url`). */
  url?: string;
  /** MIME type of the original content (`text/markdown`, `text/html`, `application/pdf`, …). */
  mimeType: string;
  /**
   * Primary language subtag, lower case (`"en"`, `"vi"`), only when the input declares it (`<html lang>`,
   * front matter `lang`, PDF `/Lang`, JSONL `language`). Nothing is guessed from the text.
   */
  language?: string;
  /**
   * The content as normalised Markdown: NFC, `\n` line ends, no control characters, no trailing
   * spaces, at most one blank line in a row. Headings are kept (`#`…) so the chunker can follow them.
   */
  text: string;
}

/** What a format parser is told about the file it parses. */
export interface ParseContext {
  /** The file as the user knows it, for the title fallback and error messages. */
  name: string;
  externalId: string;
  mimeType: string;
}

/** What parsing one file produced. JSONL may yield documents *and* per-line errors. */
export interface ParseResult {
  documents: ParsedDocument[];
  errors: IngestError[];
}

export const INGEST_ERROR_CODES = [
  "UNSUPPORTED_TYPE",
  "MISLABELLED",
  "EMPTY",
  "CORRUPT",
  "ENCRYPTED",
  "TOO_LARGE",
  "ZIP_TOO_MANY_ENTRIES",
  "ZIP_TOO_LARGE",
  "INVALID_RECORD",
  // Beyond the brief's list, for problems none of the above describes honestly:
  // two inputs of one batch map to the same external id (`a.md` and `a.html`, a JSONL id used twice);
  // the later is rejected instead of silently overwriting the first.
  "DUPLICATE_ID",
  // A path given to the importer does not exist or cannot be read (permissions).
  "UNREADABLE",
  // A zip entry whose path is absolute or climbs out of the archive (`../../etc/passwd`).
  "UNSAFE_PATH",
  // A file whose name cannot make a document id: control characters in it, or too long a path.
  "INVALID_NAME",
  // A file whose parsing took longer than the time limit (a pathological or hostile PDF, say): it was stopped.
  "TIMED_OUT",
] as const;

export type IngestErrorCode = (typeof INGEST_ERROR_CODES)[number];

/**
 * One entry of an ingestion job's errors (`IngestionJob.errors`, JSON) and of tRPC's answers: an
 * {@link IngestError}'s JSON (its code an {@link IngestErrorCode}), or a failure of the job itself
 * (JOB_FAILED, UPLOAD_MISSING, CANCELED, EMBEDDING_REJECTED, REFUSED_BY_DATABASE, …).
 */
export interface IngestErrorJson {
  code: string;
  /** The file concerned ("" for the job as a whole). */
  file: string;
  message: string;
  line?: number;
  externalId?: string;
}

/**
 * A problem with one input file (or one JSONL line). The message is written for the person who uploaded
 * the file: it names the file and says what to do. It never contains a stack trace.
 */
export class IngestError extends Error {
  override readonly name = "IngestError";
  readonly code: IngestErrorCode;
  /** The file as the user knows it (`handbook/leave.md`, `export.zip/hr/leave.html`). */
  readonly file: string;
  /** 1-based line number, for JSONL records. */
  readonly line?: number;
  /** The document id concerned, when known (JSONL record id, duplicate id). */
  readonly externalId?: string;

  constructor(code: IngestErrorCode, file: string, message: string, options: { line?: number; externalId?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = file;
    if (options.line !== undefined) this.line = options.line;
    if (options.externalId !== undefined) this.externalId = options.externalId;
  }

  /** For the job's error list (jsonb): control characters of file names and ids, NUL above all, are escaped. */
  toJSON(): IngestErrorJson {
    return {
      code: this.code,
      file: printable(this.file),
      message: printable(this.message),
      ...(this.line === undefined ? {} : { line: this.line }),
      ...(this.externalId === undefined ? {} : { externalId: printable(this.externalId) }),
    };
  }
}

export function isIngestError(value: unknown): value is IngestError {
  return value instanceof IngestError;
}

/** Guards against oversized and hostile inputs. Every limit is in bytes unless its name says otherwise. */
export interface IngestLimits {
  /** Largest single file, and largest single zip entry once inflated. */
  maxFileBytes: number;
  /** Most entries (files and folders) a zip archive may list. */
  maxZipEntries: number;
  /** Most bytes all entries of one zip archive may inflate to, counted on the real output. */
  maxZipTotalBytes: number;
  /** Longest one file may take to parse, in milliseconds; past it the parse is stopped (./parse-thread.ts). */
  parseTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<IngestLimits> = Object.freeze({
  maxFileBytes: 25 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxZipTotalBytes: 200 * 1024 * 1024,
  parseTimeoutMs: 60_000,
});

export function resolveLimits(limits: Partial<IngestLimits> | undefined): IngestLimits {
  // Explicit `undefined`s (an unset CLI flag) mean "use the default", not "no limit".
  const given = Object.fromEntries(Object.entries(limits ?? {}).filter(([, v]) => v !== undefined));
  const resolved: IngestLimits = { ...DEFAULT_LIMITS, ...given };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`Ingest limit ${key} must be a positive integer, got ${String(value)}`);
    }
  }
  return resolved;
}

/** Human-readable size for error messages ("25 MB"). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

/** A duration for error messages: "60 s", "1.5 s", "250 ms". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** TIMED_OUT for one file: its parse was stopped after `limitMs`. */
export function timedOut(file: string, limitMs: number): IngestError {
  return new IngestError(
    "TIMED_OUT",
    file,
    `"${file}" took longer than ${formatDuration(limitMs)} to parse, so it was stopped and not imported. It may be damaged or built in an unusual way: open it and save or export it again (print a PDF to a new PDF), or split it into smaller files. If it is simply very large, ask an administrator to raise the time limit.`,
  );
}

/** TOO_LARGE for one file; `size` is undefined when only "more than the limit" is known (while inflating). */
export function tooLarge(file: string, size: number | undefined, limit: number): IngestError {
  const what = size === undefined ? "is larger than" : `is ${formatBytes(size)}, above`;
  return new IngestError(
    "TOO_LARGE",
    file,
    `"${file}" ${what} the ${formatBytes(limit)} limit per file. Split it into smaller documents, or ask an administrator to raise the limit.`,
  );
}
