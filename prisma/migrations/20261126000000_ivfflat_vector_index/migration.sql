-- Chunk vectors move from HNSW to IVFFlat indexes (packages/core/src/retrieve/vector-index.ts).
--
-- Measured on the benchmark's questions with the default hashing embedder (docs/retrieval.md, "the vector
-- index study"): at 100,000 chunks HNSW's recall@10 against an exact scan stalled at 0.82 (m = 24,
-- ef_search 150), and reached 0.95 only with a graph that took 9 minutes to build and twice as long to search.
-- IVFFlat with √rows lists reaches 0.96 for the same ~7 ms per query, and builds in 16 s.
--
-- An IVFFlat index learns its lists from the rows present when it is built, so it cannot be created here for
-- a table that may be empty: the worker builds it when it starts (and again whenever the rows of its size
-- have doubled or halved, after an import job, a bulk import or a change of embedding model), with lists
-- sized to the rows. Until then vector searches scan every chunk: correct, slower.
--
-- Drops every HNSW index on chunks: the migrations' 384-dimension one and any a model of another size got.
-- The few-shot examples keep theirs (a few hundred rows, no questions far from their data).
DO $$
DECLARE
    ix record;
BEGIN
    FOR ix IN
        SELECT indexname FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename = 'chunks' AND indexdef ILIKE '%USING hnsw%'
    LOOP
        EXECUTE format('DROP INDEX %I', ix.indexname);
    END LOOP;
END
$$;
