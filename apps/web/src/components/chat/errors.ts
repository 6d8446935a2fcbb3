import { TRPCClientError } from "@trpc/client";

/** The kinds of failure the chat explains in its own words (messages `chat.errors.<kind>`). */
export type ChatErrorKind = "modelDown" | "rateLimited" | "network" | "session" | "notFound" | "tooLong" | "invalid" | "unknown";

/** Maps an answer's error event code, or a client-side code, to what the person is told. */
export function errorKind(code: string): ChatErrorKind {
  switch (code) {
    case "PROVIDER_DOWN":
    case "TIMEOUT":
    case "BAD_RESPONSE":
    case "UNKNOWN_MODEL":
    case "BAD_KEY":
    case "CONFIG":
    case "TRPC_SERVICE_UNAVAILABLE":
      return "modelDown";
    case "RATE_LIMITED":
    case "TRPC_TOO_MANY_REQUESTS":
      return "rateLimited";
    case "NETWORK":
      return "network";
    case "TRPC_UNAUTHORIZED":
      return "session";
    case "TRPC_NOT_FOUND":
      return "notFound";
    case "CONTEXT_TOO_LONG":
    case "TRPC_PAYLOAD_TOO_LARGE":
      return "tooLong";
    case "TRPC_BAD_REQUEST":
      return "invalid";
    default:
      return "unknown";
  }
}

/** A thrown error of the stream (not an error event): its code for {@link errorKind}. */
export function codeOfThrown(error: unknown): { code: string; message: string } {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    // No tRPC code: the request never got an answer (offline, connection dropped).
    return code ? { code: `TRPC_${code}`, message: error.message } : { code: "NETWORK", message: error.message };
  }
  return { code: "NETWORK", message: error instanceof Error ? error.message : String(error) };
}
