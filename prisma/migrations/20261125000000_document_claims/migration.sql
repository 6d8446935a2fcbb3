-- A claim on a document while an import indexes it (packages/core/src/ingest/store.ts): two imports of the
-- same document at once take turns instead of deleting each other's versions. A claim runs out at
-- indexing_until, so one left by a process that died holds nobody up for long.
ALTER TABLE "documents" ADD COLUMN "indexing_owner" TEXT;
ALTER TABLE "documents" ADD COLUMN "indexing_until" TIMESTAMPTZ(3);
