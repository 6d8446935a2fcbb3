import { LoreError } from "../../errors/lore-error";

/**
 * Thrown for problems with the request itself (unknown group names), as opposed to the content
 * ({@link IngestError}) or the embedder (EmbeddingError).
 */
export class IndexingError extends LoreError<"UNKNOWN_GROUP" | "DELETED"> {
  override readonly name = "IndexingError";
  constructor(code: "UNKNOWN_GROUP" | "DELETED", message: string, options?: { cause: unknown }) {
    super(code, code === "DELETED" ? "conflict" : "bad_request", message, options);
  }
}
