/**
 * The files of an upload as {@link enqueueIngestion} takes them, whole or as their bytes arrive, and their checks
 * against the upload limits (./limits.ts): up front when every size is known (nothing is stored when one fails),
 * and on the bytes themselves as they are stored, so a file streamed from a request is refused at the first byte
 * past a limit rather than after it has been read.
 */
import { CONTROL_CHARACTER, printable } from "../../ingest/normalize";
import { formatBytes } from "../../ingest/types";
import { IngestionRequestError } from "./errors";
import type { UploadLimits } from "./limits";
import { UPLOAD_PART_BYTES, type ByteChunks } from "./upload-parts";

/**
 * One uploaded file: its bytes whole, or in pieces as they arrive (`size`, when known before they are read, is
 * checked up front and must match them).
 */
export type UploadFile = { name: string; bytes: Uint8Array } | { name: string; chunks: ByteChunks; size?: number };

/** A file on its way into the store: its name checked, its bytes counted against the limits as they pass. */
export interface CheckedFile {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
}

const noFiles = () => new IngestionRequestError("NO_FILES", "Choose at least one file to import.");

const tooManyFiles = (max: number) =>
  new IngestionRequestError(
    "TOO_MANY_FILES",
    `At most ${max} files per upload: put the others in a .zip or upload them in several batches.`,
  );

/** `size` undefined: only "more than the limit" is known (the rest was not read). */
function fileTooLarge(name: string, size: number | undefined, max: number): IngestionRequestError {
  const what = size === undefined ? "is larger than" : `is ${formatBytes(size)}, above`;
  return new IngestionRequestError("TOO_LARGE", `"${name}" ${what} the ${formatBytes(max)} limit per file.`);
}

function uploadTooLarge(size: number | undefined, max: number): IngestionRequestError {
  const what = size === undefined ? "larger than" : `${formatBytes(size)}, above`;
  return new IngestionRequestError(
    "TOO_LARGE",
    `This upload is ${what} the ${formatBytes(max)} limit per upload: send it in several batches.`,
  );
}

/** Names are stored with the job (jsonb cannot hold NUL) and shown to people: 1 to 255 characters, no control characters. */
function checkName(name: string): void {
  if (name.trim() === "" || name.length > 255 || CONTROL_CHARACTER.test(name)) {
    throw new IngestionRequestError(
      "INVALID_NAME",
      `"${printable(name.slice(0, 255))}" is not a usable file name: a name needs 1 to 255 characters and no control characters. Rename the file.`,
    );
  }
}

const declaredSize = (file: UploadFile): number | undefined => ("bytes" in file ? file.bytes.byteLength : file.size);

/** Checks files whose count and sizes are known (every size, when given) against `limits`, before any is stored. */
export function checkUploadUpFront(files: readonly UploadFile[], limits: UploadLimits): void {
  if (files.length === 0) throw noFiles();
  if (files.length > limits.maxFiles) throw tooManyFiles(limits.maxFiles);
  let total = 0;
  for (const file of files) {
    checkName(file.name);
    const size = declaredSize(file);
    if (size === undefined) continue;
    if (size > limits.maxFileBytes) throw fileTooLarge(file.name, size, limits.maxFileBytes);
    total += size;
  }
  if (total > limits.maxUploadBytes) throw uploadTooLarge(total, limits.maxUploadBytes);
}

/**
 * The files as they come, each checked when it starts (count, name) and its bytes counted as they pass: the piece
 * that takes a file or the upload past its limit is never handed on, it throws instead. No file at all is
 * NO_FILES. A file whose bytes differ from its declared size is a bug of the caller's, not the uploader's.
 */
export async function* checkedFiles(
  files: Iterable<UploadFile> | AsyncIterable<UploadFile>,
  limits: UploadLimits,
): AsyncGenerator<CheckedFile> {
  let count = 0;
  const upload = { bytes: 0 };
  for await (const file of files) {
    count += 1;
    if (count > limits.maxFiles) throw tooManyFiles(limits.maxFiles);
    checkName(file.name);
    const declared = declaredSize(file);
    if (declared !== undefined && declared > limits.maxFileBytes) throw fileTooLarge(file.name, declared, limits.maxFileBytes);
    yield { name: file.name, chunks: counted(file, declared, upload, limits) };
  }
  if (count === 0) throw noFiles();
}

/** A file's pieces, counted into its size and the upload's (`upload.bytes`, once the file is whole). */
async function* counted(
  file: UploadFile,
  declared: number | undefined,
  upload: { bytes: number },
  limits: UploadLimits,
): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const piece of "bytes" in file ? [file.bytes] : file.chunks) {
    size += piece.byteLength;
    if (size > limits.maxFileBytes) throw fileTooLarge(file.name, declared, limits.maxFileBytes);
    if (upload.bytes + size > limits.maxUploadBytes) throw uploadTooLarge(undefined, limits.maxUploadBytes);
    yield piece;
  }
  if (declared !== undefined && size !== declared) {
    throw new Error(`The upload of "${printable(file.name)}" declared ${declared} bytes and carried ${size}.`);
  }
  upload.bytes += size;
}

/**
 * A base64-encoded file (`documents.upload`'s JSON) as an {@link UploadFile}, decoded piece by piece as it is
 * stored, into one buffer of three parts of the store's ({@link UPLOAD_PART_BYTES}) that is stored as it is and
 * filled again for the next piece: the bytes are decoded once, straight into what is stored, and the file is
 * never held decoded. `data` must be valid base64 without whitespace (the procedure's input schema checks it).
 */
export function base64File(name: string, data: string, partBytes = UPLOAD_PART_BYTES): UploadFile {
  const piece = 4 * partBytes; // characters, for 3 × partBytes bytes
  return {
    name,
    size: Buffer.byteLength(data, "base64"),
    chunks: {
      *[Symbol.iterator]() {
        const buffer = Buffer.allocUnsafeSlow(Math.min(3 * partBytes, Buffer.byteLength(data, "base64")));
        for (let start = 0; start < data.length; start += piece) {
          yield buffer.subarray(0, buffer.write(data.slice(start, start + piece), "base64"));
        }
      },
    },
  };
}
