/**
 * The knowledge base's database side: publishing document versions, imports as jobs, document and job views,
 * the embedding-model lifecycle, search-index upkeep, and the access rule every reader's SQL includes.
 */
export { CURRENT_CHUNKS, readableChunksSql, visibleChunkSql, visibleDocumentSql } from "./access";
export {
  DocumentError,
  documentCursor,
  getDocument,
  listChunks,
  listDocuments,
  listVersions,
  removeDocument,
  setDocumentAccess,
  viewDocument,
  currentDocumentVersions,
  type DocumentSort,
  type DocumentSummary,
  type ListDocumentsParams,
} from "./documents/views";
export {
  getIngestionJob,
  listActiveJobs,
  listIngestionJobs,
  listJobFiles,
  type IngestionJobView,
  type JobFileView,
} from "./documents/job-views";
export { diffText, diffVersions, type DiffHunk, type DiffLine, type DiffLineKind, type TextDiff } from "./documents/version-diff";
export { listCitingAnswers } from "./documents/citing-answers";
export { auditDocumentRead, auditSearchAsUser } from "./documents/read-audit";
export {
  describeEmbedder,
  embedderForModel,
  ensureActiveModel,
  getActiveEmbedder,
  getConfiguredEmbedding,
  readEmbeddingModels,
  type ConfiguredEmbedding,
  type EmbeddingModelRecord,
  type EmbeddingModelSpec,
  type EmbeddingModelState,
  type EmbeddingSettingsOptions,
} from "./embedding-models/models";
export { runReembedJob, type ReembedProgress, type RunReembedOptions, type RunReembedResult } from "./embedding-models/reembed";
export { REEMBED_JOB_KIND } from "./embedding-models/reembed-records";
export { startReembedding, type ReembedStart, type StartReembeddingOptions } from "./embedding-models/reembed-start";
export { getEmbeddingStatus, type EmbeddingStatus } from "./embedding-models/reembed-status";
export { cancelIngestionJob } from "./imports/cancel";
export { enqueueIngestion, enqueueReindex, type EnqueueIngestionInput } from "./imports/enqueue";
export { IngestionRequestError } from "./imports/errors";
export type { IngestionJobKind } from "./imports/job-input";
export { MAX_UPLOAD_FILES, MAX_UPLOAD_TOTAL_BYTES, UPLOAD_SOURCE, uploadLimits, type UploadLimits } from "./imports/limits";
export { base64File, type UploadFile } from "./imports/upload-files";
export { runIngestionJob, type RunIngestionOptions, type RunIngestionResult } from "./imports/run";
export { UPLOAD_PART_BYTES, sweepUploads, type UploadSweepResult } from "./imports/upload-parts";
export { ABANDONED_IMPORT_GRACE_MINUTES, deleteDocument, sweepAbandonedImports, type AbandonedImports } from "./publish/cleanup";
export { DocumentBusyError, INDEXING_LEASE_SECONDS } from "./publish/claims";
export { indexPendingDocuments, type PendingResult } from "./publish/pending";
export {
  IndexingError,
  indexDocument,
  textSearchConfig,
  type IndexDocumentDeps,
  type IndexDocumentInput,
  type IndexDocumentResult,
  type TextSearchConfig,
} from "./publish/publish";
export {
  ensureSearchIndexes,
  restoreSearchIndexes,
  suspendSearchIndexes,
  vacuumSearchTables,
  withSearchIndexesSuspended,
} from "./search-indexes/maintenance";
export { buildVectorIndex, dropUnusedVectorIndexes, refreshVectorIndex, refreshVectorIndexes } from "./search-indexes/vector-index-upkeep";
export { termIndexStats, type TermIndexStats } from "./search-indexes/term-stats";
export { VECTOR_INDEX_MIN_ROWS, ivfProbes, readVectorIndex, withVectorScanSettings, type VectorIndex } from "./search-indexes/vector-index";
