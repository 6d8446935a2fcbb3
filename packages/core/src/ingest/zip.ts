/**
 * Thin promise wrappers around yauzl. yauzl reads the central directory lazily and inflates one entry
 * at a time as a stream, so an archive is never held inflated in memory and limits can be enforced on
 * the bytes actually produced.
 */
import yauzl, { type Entry, type Options, type ZipFile } from "yauzl";

export type ZipSource = { path: string } | { bytes: Uint8Array };

/** A central-directory entry with its name decoded (but not yet validated). */
export interface ZipEntry {
  /** Decoded name, `/`-separated (backslashes from Windows tools are turned into `/`). */
  fileName: string;
  entry: Entry;
}

// decodeStrings is off so that yauzl does not abort the *whole* archive on one unsafe name (it emits an
// error on the zip file for `../x` when decoding itself); we decode and validate each name ourselves and
// reject only that entry. validateEntrySizes stays on: an entry that inflates to more bytes than its
// header declares is reported as an error by yauzl as soon as it overflows.
const OPTIONS: Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };

export function openZip(source: ZipSource): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: ZipFile) => (err || !zip ? reject(err ?? new Error("no zip file")) : resolve(zip));
    if ("path" in source) yauzl.open(source.path, OPTIONS, done);
    else yauzl.fromBuffer(Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength), OPTIONS, done);
  });
}

/**
 * Reads the central directory (no inflation). Stops with an error after `maxEntries` so that a
 * directory claiming millions of entries costs nothing.
 */
export function readEntries(zip: ZipFile, maxEntries: number): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: ZipEntry[] = [];
    const cleanup = () => {
      zip.removeListener("entry", onEntry);
      zip.removeListener("end", onEnd);
      zip.removeListener("error", onError);
    };
    const onEntry = (entry: Entry) => {
      if (entries.length >= maxEntries) {
        cleanup();
        reject(new TooManyEntriesError(maxEntries));
        return;
      }
      entries.push({ fileName: decodeEntryName(entry), entry });
      zip.readEntry();
    };
    const onEnd = () => {
      cleanup();
      resolve(entries);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    zip.on("entry", onEntry);
    zip.once("end", onEnd);
    zip.once("error", onError);
    zip.readEntry();
  });
}

export class TooManyEntriesError extends Error {
  constructor(readonly maxEntries: number) {
    super(`more than ${maxEntries} entries`);
  }
}

function decodeEntryName(entry: Entry): string {
  // With decodeStrings off, yauzl leaves the raw bytes in `fileNameRaw`; this is its own decoder (UTF-8 flag,
  // Info-ZIP Unicode path field, else CP437), which it exports for exactly this use.
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

/** yauzl's own name check: no absolute paths, drive letters, backslashes or `..` segments. */
export function unsafeNameReason(fileName: string): string | null {
  return yauzl.validateFileName(fileName);
}

export class EntryTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`entry inflates to more than ${limit} bytes`);
  }
}

/**
 * Inflates one entry into memory, stopping as soon as it passes `maxBytes` (the smaller of the per-file
 * limit and what is left of the archive's budget). The count is on the inflated output, whatever the
 * header claims.
 */
export async function readEntryBytes(zip: ZipFile, entry: Entry, maxBytes: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  const total = await inflateEntry(zip, entry, maxBytes, (chunk) => parts.push(chunk));
  const all = Buffer.concat(parts, total);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

/**
 * Inflates one entry as a stream, handing each piece to `onChunk`, and resolves to the bytes produced; stops
 * with {@link EntryTooLargeError} as soon as the output passes `maxBytes`.
 */
function inflateEntry(zip: ZipFile, entry: Entry, maxBytes: number, onChunk: (chunk: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(err ?? new Error("no stream"));
        return;
      }
      let total = 0;
      let settled = false;
      stream.on("data", (chunk: Buffer) => {
        if (settled) return;
        total += chunk.length;
        if (total > maxBytes) {
          settled = true;
          stream.destroy();
          reject(new EntryTooLargeError(maxBytes));
          return;
        }
        onChunk(chunk);
      });
      stream.once("error", (e: Error) => {
        if (settled) return;
        settled = true;
        reject(e);
      });
      stream.once("end", () => {
        if (settled) return;
        settled = true;
        resolve(total);
      });
    });
  });
}

/** All entries of an archive together inflate to more than `limit` bytes (`declared`: as their headers say). */
export class ArchiveTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly declared?: number,
  ) {
    super(`archive inflates to more than ${limit} bytes`);
  }
}

export interface ArchiveSizeLimits {
  /** Most entries. */
  maxEntries: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all entries may inflate to together. */
  maxTotalBytes: number;
}

/**
 * Checks an in-memory archive that another library will unpack without limits of its own (a Word document:
 * mammoth reads it with JSZip, which inflates a part whole, however large). Throws
 * {@link TooManyEntriesError}, {@link EntryTooLargeError} or {@link ArchiveTooLargeError} when the archive is
 * beyond `limits`, or yauzl's error when it is damaged or an entry inflates to more than its header says. The
 * declared sizes are checked first, so an honest bomb costs nothing; then every entry is inflated once,
 * counted and thrown away, so a header that lies is caught on the real output.
 */
export async function checkArchiveSize(bytes: Uint8Array, limits: ArchiveSizeLimits): Promise<void> {
  const zip = await openZip({ bytes });
  try {
    // Every entry, folders included: a real folder inflates to nothing, and a name that only looks like one
    // (yauzl reads `word/x\` as `word/x/`) may hold a part JSZip, which keeps the backslash, unpacks whole.
    const entries = await readEntries(zip, limits.maxEntries);
    const declared = entries.reduce((sum, e) => sum + e.entry.uncompressedSize, 0);
    if (declared > limits.maxTotalBytes) throw new ArchiveTooLargeError(limits.maxTotalBytes, declared);
    let inflated = 0;
    for (const { entry } of entries) {
      const budget = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - inflated);
      try {
        inflated += await inflateEntry(zip, entry, budget, () => {});
      } catch (err) {
        if (err instanceof EntryTooLargeError && budget < limits.maxEntryBytes) throw new ArchiveTooLargeError(limits.maxTotalBytes);
        throw err;
      }
    }
  } finally {
    zip.close();
  }
}

/** Names of the entries of an in-memory zip, for type detection (`word/document.xml` ⇒ DOCX). */
export async function listEntryNames(bytes: Uint8Array, maxEntries: number): Promise<string[]> {
  const zip = await openZip({ bytes });
  try {
    return (await readEntries(zip, maxEntries)).map((e) => e.fileName);
  } finally {
    zip.close();
  }
}

export function isDirectoryEntry(fileName: string): boolean {
  return fileName.endsWith("/");
}

/** Unix symlinks stored in a zip carry the link target as content; we never follow or import them. */
export function isSymlinkEntry(entry: Entry): boolean {
  const unixMode = (entry.externalFileAttributes >>> 16) & 0o170000;
  return unixMode === 0o120000;
}
