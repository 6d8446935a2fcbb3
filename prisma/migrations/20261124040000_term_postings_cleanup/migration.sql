-- Term-index postings lose their foreign key to document_versions; a trigger removes a deleted version's
-- postings instead.
--
-- Why: the foreign key was checked once per posting inserted, about 48 per chunk, and each check is a
-- separate index lookup. EXPLAIN ANALYZE of one 10-chunk document's insert at 100,000 chunks: 3–5 ms of the
-- statement's 17–25 ms went to those checks. Postings are only ever written by the statement that writes
-- their chunks (packages/core/src/ingest/store.ts), from the rows it inserts, and chunks do keep their foreign
-- key to the version, so a posting cannot name a version that does not exist. What the foreign key also
-- did, deleting a version's postings with it (a failed import, a deleted document), the trigger does, once per
-- statement.
--
-- Applied by packages/db/src/migrate.ts inside one transaction (see the init migration).
ALTER TABLE "chunk_terms" DROP CONSTRAINT "chunk_terms_version_id_fkey";

CREATE FUNCTION "chunk_terms_drop_versions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM chunk_terms WHERE version_id IN (SELECT id FROM removed_versions);
    RETURN NULL;
END $$;

CREATE TRIGGER "document_versions_drop_postings" AFTER DELETE ON "document_versions"
    REFERENCING OLD TABLE AS removed_versions FOR EACH STATEMENT EXECUTE FUNCTION "chunk_terms_drop_versions"();
