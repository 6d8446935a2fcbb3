/** A failure the user can fix, printed as one line (no stack trace) with exit code 1. */
export class CliError extends Error {
  override readonly name = "CliError";
}

/** One clear line for any error: our own messages as they are, unexpected ones with their first line only. */
export function errorLine(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ECONNREFUSED") return `cannot connect to the database (${error.message}). Is it running? Check DATABASE_URL.`;
    const first = error.message.split("\n").find((l) => l.trim() !== "") ?? error.name;
    return first.trim();
  }
  return String(error);
}
