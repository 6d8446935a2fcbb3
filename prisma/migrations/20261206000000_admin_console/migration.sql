-- What the admin console (issue 26) reads and writes: per-file import progress, the feedback inbox's workflow,
-- examples' review dates and origin, each answer's mode, inspection data and citations, and indexes for the
-- admin lists. Additive only: new tables, new nullable or defaulted columns, new indexes.
--
-- Applied by packages/db/src/migrate.ts inside one transaction (see the init migration).

-- ─────────────────────────────── Imports: per-file progress ───────────────────────────────

-- One row per file of an import job, `ordinal` = its position in the job's input.files (the upload parts'
-- file_index): queued → parsing → embedding → ready, or failed with a code and a message in words. A .zip
-- export yields many documents, hence the `documents` counter. Rows belong to their job.

-- CreateTable
CREATE TABLE "ingestion_job_files" (
    "job_id" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'queued',
    "documents" INTEGER NOT NULL DEFAULT 0,
    "chunks_total" INTEGER NOT NULL DEFAULT 0,
    "chunks_embedded" INTEGER NOT NULL DEFAULT 0,
    "error_code" TEXT,
    "error_message" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingestion_job_files_pkey" PRIMARY KEY ("job_id", "ordinal"),
    CONSTRAINT "ingestion_job_files_stage_check" CHECK ("stage" IN ('queued', 'parsing', 'embedding', 'ready', 'failed'))
);

-- AddForeignKey
ALTER TABLE "ingestion_job_files" ADD CONSTRAINT "ingestion_job_files_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "ingestion_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ───────────────────────────────────── Few-shot examples ─────────────────────────────────────

-- reviewed_at: when an admin last edited or confirmed the example. An example whose linked document changed
-- after it is flagged stale. Existing examples were last reviewed when they were last edited.
ALTER TABLE "few_shot_examples" ADD COLUMN "reviewed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "few_shot_examples" SET "reviewed_at" = "updated_at";

-- source_message_id: the answer an example was made from (the feedback inbox's "turn into an example").
ALTER TABLE "few_shot_examples" ADD COLUMN "source_message_id" TEXT;

-- AddForeignKey
ALTER TABLE "few_shot_examples" ADD CONSTRAINT "few_shot_examples_source_message_id_fkey" FOREIGN KEY ("source_message_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ─────────────────────────────────────── Feedback inbox ───────────────────────────────────────

-- Existing feedback starts as new: nobody has handled it yet.
ALTER TABLE "feedback" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'new';
ALTER TABLE "feedback" ADD COLUMN "handled_by_id" TEXT;
ALTER TABLE "feedback" ADD COLUMN "handled_at" TIMESTAMPTZ(3);
ALTER TABLE "feedback" ADD COLUMN "example_id" TEXT;
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_status_check" CHECK ("status" IN ('new', 'dismissed', 'converted'));

-- The inbox: `WHERE status = $1 ORDER BY rating, created_at DESC` (thumbs-down first, newest first).
-- CreateIndex
CREATE INDEX "feedback_status_rating_created_at_idx" ON "feedback"("status", "rating", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_handled_by_id_fkey" FOREIGN KEY ("handled_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_example_id_fkey" FOREIGN KEY ("example_id") REFERENCES "few_shot_examples"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ────────────────────────────────────────── Answers ──────────────────────────────────────────

-- mode: how an assistant message's answer was made (packages/core/src/answer/events.ts, AnswerMode: model,
-- extractive, standard, not_found). Not checked here: the code owns the list.
-- inspection: admin-only (the inspector): the exact prompt messages and each retriever's ranked list. Never
-- sent to employees.
ALTER TABLE "messages" ADD COLUMN "mode" TEXT;
ALTER TABLE "messages" ADD COLUMN "inspection" JSONB;

-- Existing answers: their mode is in the trace part the pipeline stores with every assistant message.
UPDATE "messages" m
SET "mode" = t.mode
FROM (
    SELECT m2.id, (SELECT p.value->'trace'->>'mode'
                     FROM jsonb_array_elements(m2.parts) AS p(value)
                    WHERE jsonb_typeof(p.value) = 'object' AND p.value->>'type' = 'trace'
                      AND jsonb_typeof(p.value->'trace') = 'object'
                    LIMIT 1) AS mode
    FROM "messages" m2
    WHERE m2.role = 'assistant' AND jsonb_typeof(m2.parts) = 'array'
) t
WHERE m.id = t.id AND t.mode IS NOT NULL;

-- Analytics: questions (role = 'user') and answers per day over a date range.
-- CreateIndex
CREATE INDEX "messages_role_created_at_idx" ON "messages"("role", "created_at");

-- One row per source an assistant message cited (the same list is in its `parts`), so a document's citing
-- answers and the most-cited documents are index scans. version_id is the version cited: published versions
-- are kept so citations resolve, and should one be deleted the citation stays, pointing at its document only.
-- chunk_id has no foreign key: a change of embedding model replaces the chunks.

-- CreateTable
CREATE TABLE "answer_citations" (
    "id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "version_id" TEXT,
    "chunk_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "answer_citations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "answer_citations_document_id_created_at_idx" ON "answer_citations"("document_id", "created_at");

-- CreateIndex
CREATE INDEX "answer_citations_message_id_idx" ON "answer_citations"("message_id");

-- CreateIndex: deleting a version (an abandoned import's) sets its citations' version_id to null by this index.
CREATE INDEX "answer_citations_version_id_idx" ON "answer_citations"("version_id");

-- AddForeignKey
ALTER TABLE "answer_citations" ADD CONSTRAINT "answer_citations_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer_citations" ADD CONSTRAINT "answer_citations_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer_citations" ADD CONSTRAINT "answer_citations_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "document_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Existing answers' citations, from their citations part (objects with a string documentId; the code never
-- wrote anything else, and anything else is skipped). A citation of a deleted document is dropped, of a
-- deleted version keeps its document. Ids are UUIDs, as the application makes them.
INSERT INTO "answer_citations" ("id", "message_id", "document_id", "version_id", "chunk_id", "created_at")
SELECT gen_random_uuid()::text, m.id, d.id, v.id, c.value->>'chunkId', m.created_at
FROM "messages" m
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(m.parts) = 'array' THEN m.parts ELSE '[]'::jsonb END) AS p(value)
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(p.value) = 'object' AND p.value->>'type' = 'citations'
                                                  AND jsonb_typeof(p.value->'citations') = 'array'
                                             THEN p.value->'citations' ELSE '[]'::jsonb END) WITH ORDINALITY AS c(value, ordinality)
JOIN "documents" d ON jsonb_typeof(c.value) = 'object' AND d.id = c.value->>'documentId'
LEFT JOIN "document_versions" v ON v.id = c.value->>'versionId' AND v.document_id = d.id
WHERE m.role = 'assistant'
ORDER BY m.created_at, m.id, c.ordinality;

-- ───────────────────────────────────── Admin list indexes ─────────────────────────────────────

-- Documents, newest first, keyset-paged: `ORDER BY updated_at DESC, id DESC`.
-- CreateIndex
CREATE INDEX "documents_updated_at_id_idx" ON "documents"("updated_at" DESC, "id" DESC);

-- The audit log filtered by action or by actor, newest first (`ORDER BY id DESC`).
-- CreateIndex
CREATE INDEX "audit_log_action_id_idx" ON "audit_log"("action", "id");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_id_idx" ON "audit_log"("actor_id", "id");
