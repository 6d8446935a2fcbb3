-- Uploaded files move out of `ingestion_jobs.input` (base64 in jsonb) into their own table, in parts.
--
-- Why: the whole upload (up to 100 MB, 133 MB as base64) was written by one INSERT and rewritten by one
-- UPDATE when the job ended. The embedded server is a single Postgres session, so every other query (every
-- search, every page of the apps) waited for those statements: ~1.6 s for a 40 MB upload, ~4 s for 100 MB.
-- Parts of a few megabytes are written and read one statement each, so other queries run between them; the
-- bytes are stored as bytea (no base64, no JSON parsing of the whole upload); and ending a job deletes its
-- parts instead of rewriting its row.
--
-- Parts belong to their job (ON DELETE CASCADE): deleting a job can leave no bytes behind. Parts of a job
-- that has ended, and jobs whose upload was interrupted, are swept by the worker's maintenance
-- (packages/core/src/jobs/maintenance.ts).
--
-- Applied by packages/db/src/migrate.ts inside one transaction (see the init migration).
CREATE TABLE "ingestion_upload_parts" (
    "job_id" TEXT NOT NULL,
    "file_index" INTEGER NOT NULL,
    "part_index" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "ingestion_upload_parts_pkey" PRIMARY KEY ("job_id", "file_index", "part_index")
);

-- Stored out of line without compression: uploads are mostly compressed already (PDF, DOCX, zip), parts are
-- kept only until their job ends, and compressing megabytes in WebAssembly would slow every upload.
ALTER TABLE "ingestion_upload_parts" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;

ALTER TABLE "ingestion_upload_parts" ADD CONSTRAINT "ingestion_upload_parts_job_id_fkey"
    FOREIGN KEY ("job_id") REFERENCES "ingestion_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Jobs queued or running at upgrade time keep their files: each file's bytes become its single part (a file
-- is at most 100 MB, within one bytea). Then every job's input loses its base64 copies (names and sizes stay);
-- the code never wrote anything but objects with a string `data`, and anything else is left as it is.
INSERT INTO "ingestion_upload_parts" ("job_id", "file_index", "part_index", "bytes")
SELECT j.id, (f.ordinality - 1)::int, 0, decode(f.value->>'data', 'base64')
FROM "ingestion_jobs" j
CROSS JOIN LATERAL jsonb_array_elements(j.input->'files') WITH ORDINALITY AS f(value, ordinality)
WHERE j.kind = 'import' AND j.status IN ('queued', 'running') AND jsonb_typeof(j.input->'files') = 'array'
  AND jsonb_typeof(f.value) = 'object' AND jsonb_typeof(f.value->'data') = 'string';

UPDATE "ingestion_jobs" j
SET "input" = jsonb_set(j.input, '{files}', (
    SELECT jsonb_agg(CASE WHEN jsonb_typeof(f.value) = 'object' THEN f.value - 'data' ELSE f.value END ORDER BY f.ordinality)
    FROM jsonb_array_elements(j.input->'files') WITH ORDINALITY AS f(value, ordinality)))
WHERE j.kind = 'import' AND jsonb_typeof(j.input->'files') = 'array'
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(j.input->'files') AS f(value) WHERE jsonb_typeof(f.value) = 'object' AND f.value ? 'data');
