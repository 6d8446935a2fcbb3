import { Prisma } from "@lore/db";

/** The PostgreSQL error behind a failed query: its SQLSTATE `code` and the server's message. */
export interface DatabaseError {
  code: string;
  message: string;
}

const PRISMA_ERRORS = [
  Prisma.PrismaClientKnownRequestError,
  Prisma.PrismaClientUnknownRequestError,
  Prisma.PrismaClientRustPanicError,
  Prisma.PrismaClientInitializationError,
  Prisma.PrismaClientValidationError,
];

/**
 * The PostgreSQL error behind a Prisma error, when the server refused a statement (Prisma's driver adapter
 * keeps it in `meta.driverAdapterError.cause`); null for anything else (a lost connection, a Prisma error).
 */
export function databaseError(error: unknown): DatabaseError | null {
  const cause = adapterCause(error);
  if (typeof cause?.originalCode !== "string") return null;
  return { code: cause.originalCode, message: typeof cause.originalMessage === "string" ? cause.originalMessage : "" };
}

/** What Prisma's driver adapter says about a failed query: the server's error, or why there was none. */
function adapterCause(error: unknown): { originalCode?: unknown; originalMessage?: unknown; kind?: unknown } | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  const meta = error.meta as
    { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown; kind?: unknown } } } | undefined;
  return meta?.driverAdapterError?.cause;
}

/** Whether a Prisma error means the database server could not be reached at all (stopped, wrong address). */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P1001") return true;
  return adapterCause(error)?.kind === "DatabaseNotReachable";
}

/** Whether the error comes from Prisma (its messages start with the call site in our source). */
export function isPrismaError(error: unknown): boolean {
  return PRISMA_ERRORS.some((type) => error instanceof type);
}

/**
 * Whether the server refused what was written rather than failed itself: a data exception (SQLSTATE class
 * 22: a value out of range, invalid text) or a limit (class 54: "string is too long for tsvector"). The same
 * content fails the same way however often it is tried again.
 */
export function isRefusedData(error: DatabaseError | null): error is DatabaseError {
  return error !== null && (error.code.startsWith("22") || error.code.startsWith("54"));
}

/**
 * One line for an administrator about a job that failed for good, for the job's record: the cause, without
 * what Prisma's messages add (the call site in our source files, an excerpt of the code). The worker's log
 * keeps the whole error.
 */
export function failureSummary(error: unknown): string {
  const refused = databaseError(error);
  if (refused) return `The database refused it (${refused.code}: ${refused.message}).`;
  if (isDatabaseUnreachable(error)) return "The database could not be reached; check that it is running.";
  if (isPrismaError(error)) return "A database operation failed; the worker's log has the details.";
  const text = (error instanceof Error ? error.message : String(error)).trim();
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}
