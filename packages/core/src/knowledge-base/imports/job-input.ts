/** What an ingestion job's row stores as its input, validated when the worker reads it back. */
import { z } from "zod";

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
