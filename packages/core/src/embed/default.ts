import { createEmbedderFromEnv } from "./env";
import type { Embedder } from "./types";

// One embedder per process: building it validates the EMBEDDING_* settings (and, for the local
// provider, loads a model), which must not happen on every request.
const cache = globalThis as typeof globalThis & { __loreEmbedder?: Promise<Embedder> };

/** The embedder configured by the EMBEDDING_* variables (the offline hashing embedder by default). */
export function getDefaultEmbedder(): Promise<Embedder> {
  if (!cache.__loreEmbedder) {
    cache.__loreEmbedder = createEmbedderFromEnv().catch((error: unknown) => {
      cache.__loreEmbedder = undefined; // a fixed configuration can be retried without a restart
      throw error;
    });
  }
  return cache.__loreEmbedder;
}
