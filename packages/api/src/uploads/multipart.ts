/**
 * A multipart/form-data request body read as it arrives (busboy): its parts one after another, a file's bytes
 * as a stream that is read before the parser goes on, so nothing holds more than a few of its pieces.
 */
import { Readable, pipeline } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";

/** A problem with the form itself (not multipart, malformed, cut short, unexpected fields): the client's to fix. */
export class FormError extends Error {
  override readonly name = "FormError";
  constructor(
    readonly code: "BAD_REQUEST" | "UNSUPPORTED_MEDIA_TYPE" | "PAYLOAD_TOO_LARGE",
    message: string,
  ) {
    super(message);
  }
}

export type FormPart =
  | { kind: "field"; name: string; value: string }
  /** `bytes` must be read to its end (or the form abandoned) before the next part can come. */
  | { kind: "file"; field: string; filename: string; bytes: AsyncIterable<Uint8Array> };

export interface FormLimits {
  /** Most file parts. */
  files: number;
  /**
   * Most bytes of one file: a longer one is cut there and refused. Give one byte more than the real limit when the
   * reader counts too, so that it is the reader's refusal (naming the file and the limit) that the client gets.
   */
  fileBytes: number;
  /** Most fields (parts without a filename). */
  fields: number;
  /** Most bytes of one field's value. */
  fieldBytes: number;
}

const CUT_SHORT = "The upload was cut short before its end, so nothing was imported: send it again.";

/**
 * A file's bytes; an error on the way (the connection dropped, the form ended mid-file) is the form's. A file cut
 * at `limits.fileBytes` is refused here, should its reader not have refused it already.
 */
async function* fileBytes(stream: Readable & { truncated?: boolean }, filename: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch {
    throw new FormError("BAD_REQUEST", CUT_SHORT);
  }
  if (stream.truncated) throw new FormError("PAYLOAD_TOO_LARGE", `"${filename}" is larger than the limit per file.`);
}

/**
 * The parts of a multipart/form-data `body`, in order. Stopping early (return, or a throw from the consumer) stops
 * reading the body. Throws {@link FormError} for a body that is not such a form, is malformed or cut short, or
 * passes `limits` in number of parts or size of a field.
 */
export async function* readForm(body: ReadableStream<Uint8Array> | null, headers: Headers, limits: FormLimits): AsyncGenerator<FormPart> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": headers.get("content-type") ?? "" },
      // File names as browsers send them, UTF-8. With their folders: a folder picked or dropped whole is sent
      // with each file's path inside it, which core turns into the document's id (ingest/sources.ts).
      defParamCharset: "utf8",
      preservePath: true,
      limits: {
        files: limits.files,
        fileSize: limits.fileBytes,
        fields: limits.fields,
        fieldSize: limits.fieldBytes,
        parts: limits.files + limits.fields,
      },
    });
  } catch {
    throw new FormError("UNSUPPORTED_MEDIA_TYPE", "Send the files as multipart/form-data (a form with a boundary).");
  }

  // What the parser found, waiting for the consumer: a part, an error, or null at the end of the form.
  const found: (FormPart | Error | null)[] = [];
  let wake: (() => void) | undefined;
  const push = (item: FormPart | Error | null) => {
    found.push(item);
    wake?.();
    wake = undefined;
  };
  parser.on("file", (field, stream, info) => {
    // Its reader sees its errors; a file never read (the form was abandoned first) must not crash the process.
    stream.on("error", () => {});
    const filename = info.filename ?? "";
    push({ kind: "file", field, filename, bytes: fileBytes(stream, filename) });
  });
  parser.on("field", (name, value, info) => {
    if (info.nameTruncated || info.valueTruncated) push(new FormError("BAD_REQUEST", `The form field "${name}" is too long.`));
    else push({ kind: "field", name, value });
  });
  parser.on("filesLimit", () => push(new FormError("PAYLOAD_TOO_LARGE", "The form has too many files.")));
  parser.on("fieldsLimit", () => push(new FormError("BAD_REQUEST", "The form has too many fields: send groups, tags and files.")));
  parser.on("partsLimit", () => push(new FormError("BAD_REQUEST", "The form has too many parts.")));

  const source = body ? Readable.fromWeb(body as NodeReadableStream<Uint8Array>) : Readable.from([]);
  // An error on either side (the connection dropped, a malformed form) destroys both, and the file being read.
  pipeline(source, parser, (error) => {
    if (!error) return push(null);
    const cutShort = source.errored !== null || error.message === "Unexpected end of form";
    push(new FormError("BAD_REQUEST", cutShort ? CUT_SHORT : `The form could not be read: ${error.message}.`));
  });

  try {
    for (;;) {
      if (found.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = found.shift()!;
      if (item === null) return;
      if (item instanceof Error) throw item;
      yield item;
    }
  } finally {
    source.destroy(); // stops reading the body; the pipeline destroys the parser
    parser.destroy();
  }
}
