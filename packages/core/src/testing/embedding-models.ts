// Embedding settings and a stand-in queue for the tests of re-embedding and of the active model.
import type { PgBoss } from "pg-boss";

/** The hashing embedder's settings at `dimensions` (model `hashing-v1-<dimensions>`), as EMBEDDING_* would give them. */
export const hashing = (dimensions: number) => ({ provider: "hashing" as const, dimensions });

/**
 * For `startReembedding`'s `queue`: a queue that accepts every job without running it, so the test runs the job
 * itself, as the worker would.
 */
export const acceptingQueue = async () =>
  ({ send: async (_name: string, _data: object, options: { id: string }) => options.id }) as unknown as PgBoss;
