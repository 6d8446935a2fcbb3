/** Exports that leave the system: the fine-tuning data set (JSONL, seeded split). The audit CSV is in ../audit. */
export {
  finetuneFile,
  finetuneLine,
  finetunePreview,
  finetuneRecords,
  recordFinetuneExport,
  recordTokens,
  userMessage,
  type FinetuneFileSummary,
  type FinetuneOptions,
  type FinetunePreview,
  type FinetuneRecord,
} from "./finetune";
export { splitFraction, splitOf, type SplitFile } from "./split";
