/** The job worker: thin handlers on the queues that call the knowledge base, and the hourly maintenance. */
export { EVAL_RECONCILE_QUEUE, registerEvaluationWorker, type EvaluationWorkerOptions } from "./evaluate";
export { registerIngestionWorker, type IngestionWorkerOptions } from "./ingest";
export { runMaintenance, type MaintenanceResult } from "./maintenance";
export { QUIET_JOB_AFTER_MS, reconcileJobs, type ReconcileResult } from "./reconcile";
export { registerReembedWorker, type ReembedWorkerOptions } from "./reembed";
export { QUEUES, startWorker, type StartWorkerOptions, type Worker } from "./worker";
