-- The term index keys its postings by integers: a term id (term_stats.id) instead of the lexeme's text, and
-- a version number (document_versions.seq) instead of the version's 36-character text id.
--
-- Why: the index is large, and at scale search time is mostly buffer-cache misses in it. Each chunk has
-- about 48 postings, and each posting sits in the table and in two indexes, each time with the lexeme and
-- the version id spelled out. Measured on 10,000 synthetic wiki chunks (docs/retrieval.md): table, primary
-- key and impact-ordered index took 39 + 62 + 37 = 138 MB with text keys, and 21 + 16 + 15 = 52 MB with
-- integer keys. Smaller keys are also cheaper to insert and to compare.
--
-- Postings are written only by the ingestion statement that writes their chunks
-- (packages/core/src/ingest/store.ts). That statement now also updates term_stats, in the same step that
-- gives each new lexeme its id, so the insert trigger is gone. Deletes still go through a trigger, because
-- they come from several places (a new version's swap, a deleted document, a failed import).
--
-- Applied by packages/db/src/migrate.ts inside one transaction (see the init migration).

-- A number per document version, for the postings (text ids stay the versions' public identity).
ALTER TABLE "document_versions" ADD COLUMN "seq" INTEGER GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX "document_versions_seq_key" ON "document_versions"("seq");

-- A number per lexeme. A lexeme's row is deleted when its last posting goes (df = 0); if the word comes back
-- it gets a new id, which no posting can still carry.
ALTER TABLE "term_stats" ADD COLUMN "id" INTEGER GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX "term_stats_id_key" ON "term_stats"("id");

CREATE TABLE "chunk_terms_by_id" (
    "term_id" INTEGER NOT NULL,
    "version_seq" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "impact" REAL NOT NULL
);

INSERT INTO "chunk_terms_by_id" ("term_id", "version_seq", "ordinal", "impact")
SELECT s."id", v."seq", ct."ordinal", ct."impact"
FROM "chunk_terms" ct
JOIN "term_stats" s ON s."lexeme" = ct."lexeme"
JOIN "document_versions" v ON v."id" = ct."version_id";

-- Dropping the old table drops its triggers; the trigger functions go too (replaced below).
DROP TABLE "chunk_terms";
DROP FUNCTION "term_stats_add"();
DROP FUNCTION "term_stats_remove"();
ALTER TABLE "chunk_terms_by_id" RENAME TO "chunk_terms";

-- Re-scoring probes one (version, chunk, term) at a time.
ALTER TABLE "chunk_terms" ADD CONSTRAINT "chunk_terms_pkey" PRIMARY KEY ("version_seq", "ordinal", "term_id");
-- The query side: the postings of one term, best first (an index-only scan reads the top N).
CREATE INDEX "chunk_terms_term_impact_idx" ON "chunk_terms" ("term_id", "impact" DESC) INCLUDE ("version_seq", "ordinal");

-- Removed postings leave term_stats, one aggregate per DELETE statement. The rows are locked in lexeme order
-- first, the order in which ingestion's upsert locks them, so two statements on a server cannot deadlock.
CREATE FUNCTION "term_stats_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM term_stats WHERE id IN (SELECT DISTINCT term_id FROM removed) ORDER BY lexeme FOR UPDATE;
    UPDATE term_stats s SET df = s.df - r.df, impact_sum = s.impact_sum - r.impact_sum
    FROM (SELECT term_id, count(*) AS df, sum(impact) AS impact_sum FROM removed GROUP BY term_id) r
    WHERE s.id = r.term_id;
    DELETE FROM term_stats s USING (SELECT DISTINCT term_id FROM removed) r WHERE s.id = r.term_id AND s.df <= 0;
    RETURN NULL;
END $$;

CREATE TRIGGER "chunk_terms_stats_delete" AFTER DELETE ON "chunk_terms"
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "term_stats_remove"();

-- A deleted version's postings go with it (the trigger on document_versions keeps its name and its event).
CREATE OR REPLACE FUNCTION "chunk_terms_drop_versions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM chunk_terms WHERE version_seq IN (SELECT seq FROM removed_versions);
    RETURN NULL;
END $$;
