/** Small formatting helpers of the documents screens. */

/** "512 B", "14.2 KB", "3.1 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export type FileStage = "queued" | "parsing" | "embedding" | "ready" | "failed";

export const STAGE_LABELS: Record<FileStage, string> = {
  queued: "Queued",
  parsing: "Parsing",
  embedding: "Embedding",
  ready: "Ready",
  failed: "Failed",
};

export const STAGE_BADGES: Record<FileStage, "neutral" | "accent" | "success" | "danger"> = {
  queued: "neutral",
  parsing: "accent",
  embedding: "accent",
  ready: "success",
  failed: "danger",
};

export const STATUS_LABELS: Record<"pending" | "processing" | "ready" | "failed", string> = {
  pending: "Pending",
  processing: "Processing",
  ready: "Ready",
  failed: "Failed",
};
