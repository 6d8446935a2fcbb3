/**
 * Turns what the user hands us (a file, several files, a folder, a `.zip` wiki export, or uploaded
 * bytes) into a stream of files with stable external ids. Problems are yielded per file, never thrown,
 * so one bad file does not stop the batch.
 *
 * Zip archives are the dangerous input: a few KB can inflate to gigabytes (zip bomb), list millions of
 * entries, or name entries `../../x`. Limits are checked on the central directory BEFORE anything is
 * inflated (entry count, declared sizes) and again DURING inflation on the bytes actually produced, so
 * a header that lies about sizes gains nothing.
 */
import { type Dirent } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ZipFile } from "yauzl";
import { baseName, defaultExternalId, extensionOf, stripExtension } from "./normalize";
import { IngestError, formatBytes, resolveLimits, tooLarge, type IngestLimits } from "./types";
import {
  EntryTooLargeError,
  TooManyEntriesError,
  isDirectoryEntry,
  isSymlinkEntry,
  openZip,
  readEntries,
  readEntryBytes,
  unsafeNameReason,
  type ZipEntry,
  type ZipSource,
} from "./zip";

/**
 * A path on disk (file or folder), or a file received over the API with its name: its bytes, or a function that
 * reads them, called only when the expansion reaches the file (so a batch holds one file in memory at a time).
 */
export type SourceInput = string | { name: string; bytes: Uint8Array } | { name: string; read: () => Promise<Uint8Array> };

export type SourceItem =
  | {
      kind: "file";
      /** The file as the user knows it: `handbook/hr/leave.md`, `export.zip/hr/leave.html`. */
      name: string;
      /** Path relative to the imported folder or archive, without extension, POSIX separators, NFC. */
      externalId: string;
      bytes: Uint8Array;
    }
  | { kind: "error"; name: string; error: IngestError };

/**
 * Expands inputs into files, in a deterministic order (inputs in the order given, folder entries sorted
 * by name, archive entries in archive order). Folders are walked recursively; `.zip` files (given
 * directly or found in a folder) are expanded; archives inside archives are not.
 */
export async function* expandInputs(inputs: readonly SourceInput[], limits: Partial<IngestLimits> = {}): AsyncGenerator<SourceItem> {
  const resolved = resolveLimits(limits);
  for (const input of inputs) {
    if (typeof input === "string") yield* expandPath(input, resolved);
    // A failing `read` is thrown, not reported as the file's error: the bytes the caller holds are not the user's file.
    else yield* expandBytes(input.name, "bytes" in input ? input.bytes : await input.read(), resolved);
  }
}

async function* expandBytes(name: string, bytes: Uint8Array, limits: IngestLimits): AsyncGenerator<SourceItem> {
  const display = toPosix(name);
  if (extensionOf(display) === "zip") {
    yield* expandZip({ bytes }, display, "", limits);
    return;
  }
  yield { kind: "file", name: display, externalId: uploadedExternalId(display), bytes };
}

/**
 * The id of an uploaded file. A name with a folder in it (`pages/hr/leave.html`, a browser's relative path when
 * a whole folder is picked or dropped) is the chosen folder followed by the path inside it: the id is that inner
 * path (`hr/leave`), exactly as `lore import pages` names it. So files of one folder with the same base name
 * stay apart, and re-uploading the folder, or a top-level file of it alone, updates the same documents.
 */
function uploadedExternalId(display: string): string {
  const slash = display.indexOf("/");
  const inner = slash > 0 && slash < display.length - 1 ? display.slice(slash + 1) : baseName(display);
  return defaultExternalId(inner);
}

async function* expandPath(input: string, limits: IngestLimits): AsyncGenerator<SourceItem> {
  const display = toPosix(input);
  let info;
  try {
    info = await stat(input);
  } catch (err) {
    yield unreadable(display, err);
    return;
  }
  if (info.isDirectory()) {
    yield* walkFolder(input, baseName(path.resolve(input)), "", limits);
  } else if (extensionOf(input) === "zip") {
    yield* expandZip({ path: input }, display, "", limits);
  } else {
    yield await readDiskFile(input, display, defaultExternalId(baseName(display)), info.size, limits);
  }
}

async function* walkFolder(root: string, rootName: string, relDir: string, limits: IngestLimits): AsyncGenerator<SourceItem> {
  const dirPath = path.join(root, relDir);
  let entries: Dirent[];
  try {
    entries = await readdir(dirPath, { withFileTypes: true });
  } catch (err) {
    yield unreadable(toPosix(path.posix.join(rootName, relDir)), err);
    return;
  }
  // Code-unit order, not locale order: the same folder must expand identically on every machine.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isIgnoredName(entry.name)) continue;
    // Symlinks are not followed: they could lead outside the imported folder, or loop.
    if (entry.isSymbolicLink()) continue;
    const rel = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
    const display = `${rootName}/${rel}`.normalize("NFC");
    if (entry.isDirectory()) {
      yield* walkFolder(root, rootName, rel, limits);
    } else if (entry.isFile()) {
      const full = path.join(root, rel);
      if (extensionOf(entry.name) === "zip") {
        // An export dropped into the folder: its documents live under the archive's own path.
        yield* expandZip({ path: full }, display, `${stripExtension(rel).normalize("NFC")}/`, limits);
        continue;
      }
      let size: number;
      try {
        size = (await stat(full)).size;
      } catch (err) {
        yield unreadable(display, err);
        continue;
      }
      yield await readDiskFile(full, display, defaultExternalId(rel), size, limits);
    }
  }
}

async function readDiskFile(
  fullPath: string,
  display: string,
  externalId: string,
  size: number,
  limits: IngestLimits,
): Promise<SourceItem> {
  // Checked on the size before reading, so an oversized file costs nothing.
  if (size > limits.maxFileBytes) return { kind: "error", name: display, error: tooLarge(display, size, limits.maxFileBytes) };
  try {
    const buffer = await readFile(fullPath);
    return { kind: "file", name: display, externalId, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  } catch (err) {
    return unreadable(display, err);
  }
}

/** Dotfiles (`.DS_Store`, `.git/`), macOS resource forks (`__MACOSX/`), Windows thumbnails: never content. */
function isIgnoredName(segment: string): boolean {
  return (
    segment.startsWith(".") || segment === "__MACOSX" || segment.toLowerCase() === "thumbs.db" || segment.toLowerCase() === "desktop.ini"
  );
}

async function* expandZip(source: ZipSource, archiveName: string, idPrefix: string, limits: IngestLimits): AsyncGenerator<SourceItem> {
  const archiveError = (error: IngestError): SourceItem => ({ kind: "error", name: archiveName, error });
  let zip: ZipFile;
  try {
    zip = await openZip(source);
  } catch (err) {
    yield archiveError(damagedArchive(archiveName, err));
    return;
  }
  try {
    // 1. Before inflating anything: the entry count from the end-of-central-directory record…
    if (zip.entryCount > limits.maxZipEntries) {
      yield archiveError(tooManyEntries(archiveName, zip.entryCount, limits.maxZipEntries));
      return;
    }
    let entries: ZipEntry[];
    try {
      entries = await readEntries(zip, limits.maxZipEntries);
    } catch (err) {
      yield archiveError(
        err instanceof TooManyEntriesError
          ? tooManyEntries(archiveName, undefined, limits.maxZipEntries)
          : damagedArchive(archiveName, err),
      );
      return;
    }

    // A Word document named .zip is still a Word document (DOCX files are zip containers).
    if (entries.some((e) => e.fileName.toLowerCase() === "word/document.xml")) {
      yield* wholeArchiveAsFile(source, archiveName, idPrefix, limits);
      return;
    }

    // Decide about every entry from the central directory alone; unsafe names are refused before the
    // dotfile filter, so that `../x` cannot slip through as a "dotfile" and go unreported.
    const plan: ({ error: IngestError } | ZipEntry)[] = [];
    for (const item of entries) {
      const unsafe = unsafeNameReason(item.fileName);
      if (unsafe !== null) {
        const name = `${archiveName}/${item.fileName}`;
        plan.push({
          error: new IngestError(
            "UNSAFE_PATH",
            name,
            `"${archiveName}" contains an entry with an unsafe path ("${item.fileName}": ${unsafe}). It was skipped; the archive may have been tampered with.`,
          ),
        });
        continue;
      }
      if (isDirectoryEntry(item.fileName) || item.fileName.split("/").some(isIgnoredName) || isSymlinkEntry(item.entry)) continue;
      plan.push(item);
    }

    // …and the sizes the headers declare. An honest bomb is refused here without inflating a byte, and
    // nothing from the archive is imported.
    const declared = plan.reduce((sum, p) => sum + ("entry" in p ? p.entry.uncompressedSize : 0), 0);
    if (declared > limits.maxZipTotalBytes) {
      yield archiveError(archiveTooLarge(archiveName, `would inflate to ${formatBytes(declared)}`, limits.maxZipTotalBytes));
      return;
    }

    // 2. While inflating: count the real output, per entry and for the archive.
    let inflated = 0;
    for (const step of plan) {
      if ("error" in step) {
        yield { kind: "error", name: step.error.file, error: step.error };
        continue;
      }
      const { fileName, entry } = step;
      const name = `${archiveName}/${fileName}`.normalize("NFC");
      const fileError = (error: IngestError): SourceItem => ({ kind: "error", name, error });
      if (extensionOf(fileName) === "zip") {
        yield fileError(
          new IngestError(
            "UNSUPPORTED_TYPE",
            name,
            `"${name}" is an archive inside an archive and was not expanded. Unpack it and import its files separately.`,
          ),
        );
        continue;
      }
      if (entry.isEncrypted()) {
        yield fileError(
          new IngestError(
            "ENCRYPTED",
            name,
            `"${name}" is password-protected inside the archive. Re-create the archive without a password.`,
          ),
        );
        continue;
      }
      if (entry.uncompressedSize > limits.maxFileBytes) {
        yield fileError(tooLarge(name, entry.uncompressedSize, limits.maxFileBytes));
        continue;
      }
      const archiveBudget = limits.maxZipTotalBytes - inflated;
      const budget = Math.min(limits.maxFileBytes, archiveBudget);
      let bytes: Uint8Array;
      try {
        bytes = await readEntryBytes(zip, entry, budget);
      } catch (err) {
        if (err instanceof EntryTooLargeError) {
          if (archiveBudget <= limits.maxFileBytes) {
            yield archiveError(archiveTooLarge(archiveName, "inflates to more data than allowed", limits.maxZipTotalBytes));
            return;
          }
          inflated += budget;
          yield fileError(tooLarge(name, undefined, limits.maxFileBytes));
          continue;
        }
        yield fileError(damagedEntry(name, err));
        continue;
      }
      inflated += bytes.byteLength;
      yield { kind: "file", name, externalId: `${idPrefix}${defaultExternalId(fileName)}`, bytes };
    }
  } finally {
    zip.close();
  }
}

async function* wholeArchiveAsFile(
  source: ZipSource,
  archiveName: string,
  idPrefix: string,
  limits: IngestLimits,
): AsyncGenerator<SourceItem> {
  const externalId = idPrefix === "" ? defaultExternalId(baseName(archiveName)) : idPrefix.replace(/\/$/, "");
  if ("bytes" in source) {
    if (source.bytes.byteLength > limits.maxFileBytes) {
      yield { kind: "error", name: archiveName, error: tooLarge(archiveName, source.bytes.byteLength, limits.maxFileBytes) };
      return;
    }
    yield { kind: "file", name: archiveName, externalId, bytes: source.bytes };
    return;
  }
  let size: number;
  try {
    size = (await stat(source.path)).size;
  } catch (err) {
    yield unreadable(archiveName, err);
    return;
  }
  yield await readDiskFile(source.path, archiveName, externalId, size, limits);
}

function tooManyEntries(archiveName: string, count: number | undefined, limit: number): IngestError {
  return new IngestError(
    "ZIP_TOO_MANY_ENTRIES",
    archiveName,
    `"${archiveName}" has ${count === undefined ? `more than ${limit.toLocaleString("en")}` : count.toLocaleString("en")} entries; at most ${limit.toLocaleString("en")} are allowed per archive. Split the export into several archives.`,
  );
}

function archiveTooLarge(archiveName: string, what: string, limit: number): IngestError {
  return new IngestError(
    "ZIP_TOO_LARGE",
    archiveName,
    `"${archiveName}" ${what}, above the ${formatBytes(limit)} limit per archive. Nothing from it was imported. Split the export into smaller archives, or ask an administrator to raise the limit.`,
  );
}

function damagedArchive(archiveName: string, err: unknown): IngestError {
  return new IngestError(
    "CORRUPT",
    archiveName,
    `"${archiveName}" is not a readable ZIP archive (${shortMessage(err)}). Create or download it again.`,
    { cause: err },
  );
}

function damagedEntry(name: string, err: unknown): IngestError {
  const message = shortMessage(err);
  const why = /too many bytes/.test(message)
    ? "it inflates to more data than its header declares, so the archive is damaged or was crafted to exhaust memory"
    : message;
  return new IngestError("CORRUPT", name, `"${name}" could not be extracted (${why}). Re-create the archive and import it again.`, {
    cause: err,
  });
}

function unreadable(display: string, err: unknown): SourceItem {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = code === "ENOENT" ? "it does not exist" : code === "EACCES" || code === "EPERM" ? "permission denied" : shortMessage(err);
  return {
    kind: "error",
    name: display,
    error: new IngestError("UNREADABLE", display, `"${display}" cannot be read: ${why}.`, { cause: err }),
  };
}

function shortMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0]?.slice(0, 200) ?? "unknown error";
}

function toPosix(p: string): string {
  return p.replace(/\\/g, "/").normalize("NFC");
}
