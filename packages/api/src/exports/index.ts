// The admin app's download routes (/api/exports/*): the audit log as CSV, the fine-tuning data set as JSONL.
export { createAuditCsvHandler } from "./audit-csv";
export { createFinetuneHandler } from "./finetune";
export type { ExportHandlerOptions } from "./guard";
