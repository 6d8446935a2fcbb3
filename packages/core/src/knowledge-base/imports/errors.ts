import { databaseError, isRefusedData } from "../../errors/database";
import { EmbeddingError } from "../../embed/types";
import { printable } from "../../ingest/normalize";
import { IngestError, type IngestErrorJson } from "../../ingest/types";
import { IndexingError } from "../publish/publish";
import { LoreError, type LoreErrorKind } from "../../errors/lore-error";

/** A problem with the request (bad size, unknown group, missing document): nothing was enqueued. */
export type IngestionRequestErrorCode =
  "TOO_LARGE" | "TOO_MANY_FILES" | "NO_FILES" | "INVALID_NAME" | "UNKNOWN_GROUP" | "NOT_FOUND" | "FINISHED" | "NOT_CANCELABLE";

const REQUEST_ERROR_KINDS: Partial<Record<IngestionRequestErrorCode, LoreErrorKind>> = {
  NOT_FOUND: "not_found",
  TOO_LARGE: "too_large",
  FINISHED: "conflict",
};

export class IngestionRequestError extends LoreError<IngestionRequestErrorCode> {
  override readonly name = "IngestionRequestError";
  constructor(code: IngestionRequestErrorCode, message: string) {
    super(code, REQUEST_ERROR_KINDS[code] ?? "bad_request", message);
  }
}

/**
 * Errors as JSON for the job's `errors` column. File names and messages may carry control characters (a zip
 * entry's name, a record's id), and jsonb cannot hold NUL: they are written escaped, whatever made the error.
 */
export function storableErrors(errors: IngestErrorJson[]): string {
  return JSON.stringify(errors.map((e) => ({ ...e, file: printable(e.file), message: printable(e.message) })));
}

/** The error as the file's own (recorded, the job goes on), or null when it is not the file's fault (the job fails). */
export function toErrorJson(error: unknown, file: string, externalId: string): IngestErrorJson | null {
  if (error instanceof IngestError) return error.toJSON();
  if (error instanceof IndexingError) return { code: error.code, file, message: error.message };
  // The embedding server refused this document's text (too long for the model, say): others may well pass.
  if (error instanceof EmbeddingError && error.code === "INPUT_REJECTED")
    return { code: "EMBEDDING_REJECTED", file, message: error.message };
  // The database refused this document's content (a value beyond one of its limits): a retry would fail the
  // same way, and the other documents may well pass. Nothing of it was stored (indexDocument cleans up).
  const refused = databaseError(error);
  if (isRefusedData(refused)) {
    return {
      code: "REFUSED_BY_DATABASE",
      file,
      externalId,
      message: `"${file}"${externalId === file ? "" : ` (id "${externalId}")`} could not be stored: the database refused its content (${refused.message}). Shorten or split it, then import it again.`,
    };
  }
  return null;
}
