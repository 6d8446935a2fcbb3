/**
 * The one base of every error the domain throws on purpose. Its message is written for the person who will
 * read it (what went wrong, what to do; never a stack trace, SQL or a key); `code` is the domain's own
 * (UNKNOWN_GROUP, TOO_MANY_FILES…); `kind` says what sort of failure it is, which the API maps to a transport
 * code in one place (packages/api/src/trpc.ts).
 */
export type LoreErrorKind = "bad_request" | "not_found" | "conflict" | "too_large" | "precondition_failed" | "forbidden" | "unavailable";

export class LoreError<Code extends string = string> extends Error {
  override readonly name: string = "LoreError";

  constructor(
    readonly code: Code,
    readonly kind: LoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

export function isLoreError(error: unknown): error is LoreError {
  return error instanceof LoreError;
}
