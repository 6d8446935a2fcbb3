/** pg-boss wiring: the queues Lore uses, their retry limits, and one queue client per database. */
export {
  EVAL_QUEUE,
  EVAL_RETRY_LIMIT,
  INGEST_QUEUE,
  INGEST_RETRY_LIMIT,
  QUEUE_SCHEMA,
  REEMBED_QUEUE,
  REEMBED_RETRY_LIMIT,
  configureQueues,
  ensureQueues,
  getJobQueue,
  registerJobQueue,
  unregisterJobQueue,
} from "./queue";
