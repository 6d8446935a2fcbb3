/**
 * The most calls one tRPC request may batch. Without a cap, one anonymous GET could queue a thousand calls at
 * once onto the database (on the embedded default, a single session). The route refuses bigger batches with
 * 400; the browser's batch link splits its own calls to stay within it.
 */
export const TRPC_MAX_BATCH_SIZE = 20;
