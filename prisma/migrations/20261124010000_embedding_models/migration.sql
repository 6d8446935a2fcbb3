-- Which embedding model serves search, and which one a re-embedding job is building.
--
-- The chunks table already holds vectors of several models side by side (its key is
-- (document_version_id, embedding_model, ordinal)); this table says which of them count:
--   active    the model whose chunks search and ingestion use — exactly one (partial unique index);
--   building  the model a re-embedding job is writing chunks for, beside the active ones — at most one;
--   retired   a model that was active before (kept as history: when it served, until when).
-- `id` is the embedder's id as stored in chunks.embedding_model; `settings` holds what is needed to
-- rebuild that embedder for queries (provider-specific, never an API key).
--
-- Applied by packages/db/src/migrate.ts inside one transaction (see the init migration).

-- CreateTable
CREATE TABLE "embedding_models" (
    "id" TEXT NOT NULL,
    "dimensions" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL,
    "job_id" TEXT,
    "activated_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "embedding_models_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "embedding_models_state_check" CHECK ("state" IN ('active', 'building', 'retired')),
    CONSTRAINT "embedding_models_dimensions_check" CHECK ("dimensions" BETWEEN 1 AND 16000)
);

-- One active model, at most one being built. A switch retires the old active row and activates the
-- building one in the same transaction (the indexes are checked per statement, so retire first).
CREATE UNIQUE INDEX "embedding_models_single_active_key" ON "embedding_models" ((true)) WHERE "state" = 'active';
CREATE UNIQUE INDEX "embedding_models_single_building_key" ON "embedding_models" ((true)) WHERE "state" = 'building';

-- AddForeignKey
ALTER TABLE "embedding_models" ADD CONSTRAINT "embedding_models_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "ingestion_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A database indexed before this table existed: the model most chunks of current versions were
-- embedded with is the active one. Its settings are unknown (empty), so it is rebuilt from the current
-- EMBEDDING_* settings. An empty database gets its row from the first configured model at run time.
INSERT INTO "embedding_models" ("id", "dimensions", "provider", "state", "activated_at")
SELECT c."embedding_model",
       c."embedding_dims",
       CASE WHEN c."embedding_model" LIKE 'hashing-%' THEN 'hashing'
            WHEN c."embedding_model" LIKE 'openai:%' THEN 'openai'
            WHEN c."embedding_model" LIKE 'local:%' THEN 'local'
            ELSE 'unknown' END,
       'active',
       CURRENT_TIMESTAMP
  FROM "chunks" c
  JOIN "documents" d ON d."current_version_id" = c."document_version_id"
 GROUP BY c."embedding_model", c."embedding_dims"
 ORDER BY count(*) DESC, c."embedding_model"
 LIMIT 1;
