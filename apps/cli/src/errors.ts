import { failureSummary, isDatabaseUnreachable, isPrismaError } from "@lore/core/errors";

/** A failure the user can fix, printed as one line (no stack trace) with exit code 1. */
export class CliError extends Error {
  override readonly name: string = "CliError";
  /** The process's exit code. */
  readonly exitCode: number = 1;
}

/** The user stopped a command (Ctrl-C, SIGTERM): exit code 130, as shells report an interrupted command. */
export class Interrupted extends CliError {
  override readonly name = "Interrupted";
  override readonly exitCode = 130;
}

/**
 * Runs long work that holds a temporary database (evaluations, benchmarks). The first Ctrl-C or SIGTERM aborts
 * `signal`: the work stops at its next step and deletes that database on its way out, and the command ends
 * with {@link Interrupted}. A second one quits at once. (Without a handler, Node ends the process on the
 * spot, and the database, up to a GB at 100,000 chunks, stayed in the temp folder.)
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>, say: (line: string) => void): Promise<T> {
  const controller = new AbortController();
  const off = onInterrupt(() => {
    say("lore: stopping: deleting the temporary database… (press Ctrl-C again to quit at once)");
    controller.abort(new Interrupted("interrupted; the temporary database was deleted."));
  });
  try {
    return await work(controller.signal);
  } catch (error) {
    // Also what failed because of the interruption (a database process that got the same Ctrl-C and stopped).
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    off();
  }
}

/**
 * Signals this close together are one Ctrl-C arriving by several routes: the terminal sends it to the whole process
 * group (npm, the bootstrap, this process), and npm and the bootstrap (scripts/bootstrap.mjs) each pass it on too.
 */
const SAME_INTERRUPT_MS = 300;

/**
 * Calls `first` on the first Ctrl-C or SIGTERM; a second one (not the same one passed on by a wrapper) quits at
 * once with exit code 130. Returns the function that removes the handlers.
 */
export function onInterrupt(first: () => void): () => void {
  let firstAt: number | null = null;
  const onSignal = () => {
    const now = performance.now();
    if (firstAt === null) {
      firstAt = now;
      first();
    } else if (now - firstAt >= SAME_INTERRUPT_MS) {
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

/**
 * One clear line for any error: our own messages as they are, the database's refusals with their code and
 * reason, unexpected ones with their first line only. (Prisma's own messages start with the call site in our
 * source, which says nothing to the user; errors/database.ts sums them up.)
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
