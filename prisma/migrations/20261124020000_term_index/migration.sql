-- The keyword half of hybrid search becomes BM25 over an impact-ordered term index.
--
-- Why not the GIN index on chunks.tsv: Postgres ranks full-text matches with ts_rank/ts_rank_cd, which
-- know nothing of how rare a word is (no inverse document frequency), and ranking needs every matching
-- row: a question's words match tens of thousands of chunks in a large knowledge base, which is slow
-- to score. So each chunk's lexemes are also stored here with their BM25 term weight ("impact"), in an
-- index ordered by impact: a query reads only the best few hundred postings of each of its terms, sums
-- idf × impact, and re-scores the best candidates exactly (packages/core/src/retrieve/search.ts).
--
-- Postings exist for a document's CURRENT version only (plus, briefly, a version being indexed, which
-- search filters out until the swap). They are keyed by (version, ordinal), not by chunk row, because
-- a version has one set of chunk texts whatever the embedding model (see embedding_models).
--
-- Applied by packages/db/src/migrate.ts inside one transaction (see the init migration).

-- The BM25 weight of each lexeme of one chunk, without the idf (applied per query, from term_stats):
--   tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / avg_length)),   k1 = 1.2, b = 0.75,
-- where tf counts the title 3×, the heading path 2× and the text once (the `setweight` labels A, B and
-- C of chunks.tsv): BM25F-style field weights, so a query naming the page or section ranks it first.
-- Also one row with the empty lexeme whose "impact" is the chunk's length in tokens: term_stats then
-- holds the number of indexed chunks and their total length, which the next insert needs for avg_length.
CREATE FUNCTION "chunk_term_impacts"(tsv tsvector, length integer, avg_length double precision)
RETURNS TABLE ("lexeme" TEXT, "impact" REAL)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT t.lexeme,
           (t.tf * 2.2 / (t.tf + 1.2 * (0.25 + 0.75 * greatest(length, 1) / greatest(avg_length, 1))))::real
    FROM (
        SELECT u.lexeme,
               (SELECT sum(CASE w WHEN 'A' THEN 3 WHEN 'B' THEN 2 ELSE 1 END) FROM unnest(u.weights) AS w)::double precision AS tf
        FROM unnest(tsv) AS u
    ) t
    UNION ALL
    SELECT '', greatest(length, 1)::real
$$;

-- CreateTable
CREATE TABLE "chunk_terms" (
    "lexeme" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "impact" REAL NOT NULL,

    CONSTRAINT "chunk_terms_pkey" PRIMARY KEY ("version_id", "ordinal", "lexeme")
);

-- The query side: the postings of one lexeme, best first (an index-only scan reads the top N).
CREATE INDEX "chunk_terms_lexeme_impact_idx" ON "chunk_terms" ("lexeme", "impact" DESC) INCLUDE ("version_id", "ordinal");

-- AddForeignKey: deleting a version (a failed import, a deleted document) deletes its postings.
ALTER TABLE "chunk_terms" ADD CONSTRAINT "chunk_terms_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "document_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable: document frequency of every lexeme in chunk_terms (and, under '', the chunk count and the
-- sum of their lengths). Maintained by the triggers below, so it is right whoever writes or deletes postings.
CREATE TABLE "term_stats" (
    "lexeme" TEXT NOT NULL,
    "df" BIGINT NOT NULL,
    "impact_sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "term_stats_pkey" PRIMARY KEY ("lexeme")
);

-- Statement-level triggers with transition tables: one aggregate per INSERT or DELETE statement, not one
-- update per posting. Rows are upserted in lexeme order, so concurrent statements on a server lock the
-- shared rows in the same order and cannot deadlock.
CREATE FUNCTION "term_stats_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO term_stats (lexeme, df, impact_sum)
    SELECT lexeme, count(*), sum(impact) FROM added GROUP BY lexeme ORDER BY lexeme
    ON CONFLICT (lexeme) DO UPDATE SET df = term_stats.df + excluded.df, impact_sum = term_stats.impact_sum + excluded.impact_sum;
    RETURN NULL;
END $$;

CREATE FUNCTION "term_stats_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO term_stats (lexeme, df, impact_sum)
    SELECT lexeme, -count(*), -sum(impact) FROM removed GROUP BY lexeme ORDER BY lexeme
    ON CONFLICT (lexeme) DO UPDATE SET df = term_stats.df + excluded.df, impact_sum = term_stats.impact_sum + excluded.impact_sum;
    DELETE FROM term_stats s USING (SELECT DISTINCT lexeme FROM removed) r WHERE s.lexeme = r.lexeme AND s.df <= 0;
    RETURN NULL;
END $$;

CREATE TRIGGER "chunk_terms_stats_insert" AFTER INSERT ON "chunk_terms"
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "term_stats_add"();
CREATE TRIGGER "chunk_terms_stats_delete" AFTER DELETE ON "chunk_terms"
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "term_stats_remove"();

-- A database indexed before this migration: postings for every current version, from the chunks of one
-- embedding model per version (the chunk texts are the same for every model).
INSERT INTO "chunk_terms" ("lexeme", "version_id", "ordinal", "impact")
SELECT p.lexeme, c.document_version_id, c.ordinal, p.impact
FROM (
    SELECT DISTINCT ON (c.document_version_id, c.ordinal) c.document_version_id, c.ordinal, c.tsv, c.token_count
    FROM chunks c JOIN documents d ON d.current_version_id = c.document_version_id
    WHERE c.tsv IS NOT NULL
    ORDER BY c.document_version_id, c.ordinal, c.embedding_model
) c,
LATERAL chunk_term_impacts(c.tsv, c.token_count, (SELECT coalesce(avg(token_count), 1) FROM chunks)) p;

-- The GIN index served the old ts_rank_cd retriever only; the term index replaces it. `tsv` stays: it is
-- what postings are computed from (one text-search configuration per document language).
DROP INDEX "chunks_tsv_idx";
