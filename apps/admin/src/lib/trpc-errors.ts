import { TRPCClientError } from "@trpc/client";

/** Codes whose messages are written for people by the API (e.g. "A group named … already exists."). */
const EXPLAINED_CODES = new Set(["BAD_REQUEST", "CONFLICT", "NOT_FOUND", "PRECONDITION_FAILED", "TOO_MANY_REQUESTS"]);

interface ErrorData {
  code?: string;
  zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null;
}

/**
 * A sentence explaining why a request failed. Server internals (unexpected errors, whose messages may
 * contain SQL or file paths) are never shown; the server logs them instead.
 */
export function describeError(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as ErrorData | undefined;
    const code = data?.code;
    if (!data) return "Lore could not be reached. Check your connection and try again.";
    if (code === "UNAUTHORIZED") return "Your session has ended. Sign in again.";
    if (code === "FORBIDDEN") return "Your account does not have the admin role any more.";
    if (code === "BAD_REQUEST" && data.zodError) {
      const first =
        data.zodError.formErrors?.[0] ?? Object.values(data.zodError.fieldErrors ?? {}).find((messages) => messages?.length)?.[0];
      return first ?? "Some values are not valid. Check them and try again.";
    }
    if (code && EXPLAINED_CODES.has(code)) return error.message;
  }
  return "Something went wrong on the server. Try again; if it keeps failing, check the server logs.";
}

/** The code of a failed tRPC request, if it got that far. */
export function errorCode(error: unknown): string | null {
  return error instanceof TRPCClientError ? ((error.data as ErrorData | undefined)?.code ?? null) : null;
}
