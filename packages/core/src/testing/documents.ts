// Documents and uploaded files, as the indexing and ingestion tests build them.
import type { ParsedDocument } from "../ingest/types";

/** A parsed Markdown page (English unless `extra` says otherwise), ready for `indexDocument`. */
export function markdownDoc(externalId: string, title: string, text: string, extra: Partial<ParsedDocument> = {}): ParsedDocument {
  return { externalId, title, text, mimeType: "text/markdown", language: "en", ...extra };
}

/** An uploaded file, as `enqueueIngestion` takes it. */
export const textFile = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

/** A short policy page about `word` (its title is "Policy <word>"): one chunk. */
export const policyPage = (word: string) => `# Policy ${word}\n\n## Rules\n\nThe ${word} rule says employees may do useful things.\n`;
