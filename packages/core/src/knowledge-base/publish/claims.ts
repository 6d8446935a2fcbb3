/**
 * The claim on a document: a lease on its row (`indexing_owner`, `indexing_until`) so that two imports of one
 * document take turns (see publish.ts). Statements, not locks: the embedded server is one Postgres session.
 */
import type { PrismaClient } from "@lore/db";
import { IndexingError } from "./indexing-error";

/**
 * How long a claim on a document lasts unless renewed (each chunk batch renews it; the swap releases it). Short,
 * because a claim left by a killed worker holds up the job's resumption until it runs out (the queue hands the
 * job over after 30–90 s, so it has by then); a holder merely slowed past it loses the document to the other
 * import and fails, to be retried, without harm to either version.
 */
export const INDEXING_LEASE_SECONDS = 20;
/** How long an import waits for another one that holds the same document before it gives up (to be retried). */
export const CLAIM_WAIT_MS = (2 * INDEXING_LEASE_SECONDS + 30) * 1000;
export const CLAIM_POLL_MS = 250;

/** Another import held the document for too long: nothing was written; a later attempt can succeed. */
export class DocumentBusyError extends Error {
  override readonly name = "DocumentBusyError";
}

export function deletedWhileIndexing(title: string, cause?: unknown): IndexingError {
  return new IndexingError(
    "DELETED",
    `"${title}" was deleted while it was being imported, so it was not imported. Import it again if it should be in the knowledge base.`,
    cause === undefined ? undefined : { cause },
  );
}

/** Extends this import's claim on the document; throws when it is no longer ours (it ran out and was taken). */
export async function renewClaim(db: PrismaClient, documentId: string, owner: string, title: string): Promise<void> {
  const renewed = await db.$executeRaw`
    UPDATE documents SET indexing_until = now() + make_interval(secs => ${INDEXING_LEASE_SECONDS})
    WHERE id = ${documentId} AND indexing_owner = ${owner}`;
  if (renewed === 0) throw await lostClaim(db, documentId, title);
}

/** The error for a claim found gone: the document was deleted, or another import took it over. */
export async function lostClaim(db: PrismaClient, documentId: string, title: string, cause?: unknown): Promise<Error> {
  if ((await db.document.count({ where: { id: documentId } })) === 0) return deletedWhileIndexing(title, cause);
  return new DocumentBusyError(
    `"${title}": another import took this document over while this one was writing it; nothing was published. Try again.`,
    {
      cause,
    },
  );
}

export async function releaseClaim(db: PrismaClient, documentId: string, owner: string): Promise<void> {
  await db.$executeRaw`UPDATE documents SET indexing_owner = NULL, indexing_until = NULL WHERE id = ${documentId} AND indexing_owner = ${owner}`;
}
