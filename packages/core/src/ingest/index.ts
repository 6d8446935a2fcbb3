/**
 * Ingestion, parse + chunk half: pure functions from files to documents to chunks, no database.
 *
 *   for await (const { file, documents, errors } of parseInputs(paths)) {
 *     for (const doc of documents) {
 *       const hash = contentHash(doc);            // unchanged → skip
 *       const chunks = await chunkDocument(doc);  // embed chunk.contextText, store chunk.text
 *     }
 *   }
 */
export {
  DEFAULT_LIMITS,
  INGEST_ERROR_CODES,
  IngestError,
  isIngestError,
  type IngestErrorCode,
  type IngestErrorJson,
  type IngestLimits,
  type ParseContext,
  type ParseResult,
  type ParsedDocument,
} from "./types";
export { MIME_TYPES, SUPPORTED_FORMATS_HINT, detectType, type Detected, type DocumentKind } from "./detect";
export { expandInputs, type SourceInput, type SourceItem } from "./sources";
export {
  contentHash,
  parseFile,
  parseInputs,
  type FileResult,
  type ParseFileInput,
  type ParseFileOptions,
  type ParseInputsOptions,
} from "./parse-file";
export {
  DEFAULT_CHUNK_TOKENS,
  DEFAULT_OVERLAP_TOKENS,
  chunkDocument,
  contextHeader,
  splitSections,
  type Chunk,
  type ChunkOptions,
  type Section,
} from "./chunk";
export { normaliseText } from "./normalize";
export { htmlToMarkdown, parseHtml } from "./parse/html";
export { parseMarkdown } from "./parse/markdown";
export { neutraliseMarkdown, type WrittenAs } from "./parse/neutralise";
export { isSafeUrl } from "./safe-url";
export { ParseThreadError } from "./parse-thread";
export { parseText } from "./parse/text";
export { parsePdf } from "./parse/pdf";
export { parseDocx } from "./parse/docx";
export { JsonlRecordSchema, parseJsonl, type JsonlRecord } from "./parse/jsonl";
export { TaskSlots, INDEXING_CONCURRENCY } from "./concurrent";
export { CONTROL_CHARACTER, MAX_SOURCE_CHARS, MAX_TAG_CHARS, labelProblem } from "./normalize";
export { formatBytes, formatDuration } from "./types";
