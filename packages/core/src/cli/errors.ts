import { failureSummary, isDatabaseUnreachable, isPrismaError } from "../db-errors";

/** A failure the user can fix, printed as one line (no stack trace) with exit code 1. */
export class CliError extends Error {
  override readonly name = "CliError";
}

/**
 * One clear line for any error: our own messages as they are, the database's refusals with their code and
 * reason, unexpected ones with their first line only. (Prisma's own messages start with the call site in our
 * source, which says nothing to the user; db-errors.ts sums them up.)
 */
export function errorLine(error: unknown): string {
  if (error instanceof Error) {
    // ECONNREFUSED comes from a plain pg client, the rest from Prisma.
    if ((error as { code?: unknown }).code === "ECONNREFUSED" || isDatabaseUnreachable(error)) {
      return "cannot connect to the database. Is it running? Check DATABASE_URL.";
    }
    if (isPrismaError(error)) return failureSummary(error);
    const first = error.message.split("\n").find((l) => l.trim() !== "") ?? error.name;
    return first.trim();
  }
  return String(error);
}
