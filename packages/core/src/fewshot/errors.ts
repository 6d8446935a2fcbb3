import { LoreError, type LoreErrorKind } from "../errors/lore-error";

/** What went wrong with a request about curated examples or the feedback inbox; the message is for the admin. */
export type ExampleErrorCode = "EXAMPLE_NOT_FOUND" | "UNKNOWN_DOCUMENT" | "USER_NOT_FOUND";

const KINDS: Record<ExampleErrorCode, LoreErrorKind> = {
  EXAMPLE_NOT_FOUND: "not_found",
  UNKNOWN_DOCUMENT: "bad_request",
  USER_NOT_FOUND: "not_found",
};

export class ExampleError extends LoreError<ExampleErrorCode> {
  override readonly name = "ExampleError";
  constructor(code: ExampleErrorCode, message: string) {
    super(code, KINDS[code], message);
  }
}

export const EXAMPLE_NOT_FOUND_MESSAGE = "That example does not exist (it may have been deleted).";
