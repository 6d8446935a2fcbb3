/** What an ingestion job's row stores as its input, validated when the worker reads it back. */
import { z } from "zod";
import type { Embedder } from "../../embed/types";

export type IngestionJobKind = "import" | "reindex";

export const importInputSchema = z.object({
  source: z.string().min(1),
  groups: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  /** In upload order; file i's bytes are the parts with file_index i. */
  files: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative() })),
});
export type ImportInput = z.infer<typeof importInputSchema>;

export const reindexInputSchema = z.object({ documentId: z.string().min(1) });

/** How a worker runs an ingestion job. */
export interface RunIngestionOptions {
  embedder: Embedder;
  /** True on the last attempt pg-boss will make: a failure then marks the job failed for good. */
  final?: boolean;
  /** Documents indexed at once (default INDEXING_CONCURRENCY, ingest/concurrent.ts). */
  concurrency?: number;
  log?: (message: string) => void;
}
