/*
 * The admin console's migration backfills from what the code stored before it: examples' review dates from
 * their last edit, and assistant messages' mode and citations from their `parts`. A database at the migration
 * before it gets rows shaped as the old code wrote them (and a few it never wrote), then the real migrations run.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "./migrate";
import { defaultMigrationsDir } from "./paths";
import { useTestDatabase } from "./testing";

const MIGRATION = "20261206000000_admin_console";

const db = useTestDatabase({ migrate: false });
let before: string;
beforeAll(() => {
  before = mkdtempSync(join(tmpdir(), "lore-migrations-"));
  for (const m of readMigrations(defaultMigrationsDir()).filter((m) => m.name < MIGRATION)) {
    cpSync(join(defaultMigrationsDir(), m.name), join(before, m.name), { recursive: true });
  }
});
afterAll(() => {
  rmSync(before, { recursive: true, force: true });
});

describe(`migration ${MIGRATION}`, () => {
  it("backfills review dates, answer modes and citations, and then enforces the new constraints", async () => {
    expect((await migrate({ url: db.url, migrationsDir: before })).applied).not.toContain(MIGRATION);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO users (id, name, email) VALUES ('u1', 'Ann', 'ann@example.com')`);
      await client.query(`INSERT INTO conversations (id, user_id) VALUES ('c1', 'u1')`);
      await client.query(
        `INSERT INTO documents (id, source, external_id, title, mime_type, content_hash) VALUES ('d1', 'test', 'd1', 'Leave', 'text/markdown', 'h')`,
      );
      await client.query(
        `INSERT INTO document_versions (id, document_id, version, content_hash, title, content, byte_size) VALUES ('v1', 'd1', 1, 'h', 'Leave', 'c', 1)`,
      );
      await client.query(
        `INSERT INTO few_shot_examples (id, question, answer, updated_at) VALUES ('e1', 'q', 'a', '2026-01-02T03:04:05.678Z')`,
      );
      const citation = (documentId: string, versionId: string, chunkId: string) => ({
        n: 1,
        chunkId,
        documentId,
        versionId,
        title: "Leave",
        headingPath: [],
        attached: false,
      });
      const message = (id: string, role: string, parts: unknown) =>
        client.query(`INSERT INTO messages (id, conversation_id, role, parts) VALUES ($1, 'c1', $2::message_role, $3::jsonb)`, [
          id,
          role,
          JSON.stringify(parts),
        ]);
      await message("m-user", "user", [{ type: "text", text: "How much leave?" }]);
      await message("m-model", "assistant", [
        { type: "text", text: "25 days [1]." },
        // A cited version that is gone keeps its document; a deleted document's citation is dropped.
        { type: "citations", citations: [citation("d1", "v1", "k1"), citation("d1", "v-gone", "k2"), citation("d-gone", "v1", "k3")] },
        { type: "trace", trace: { mode: "model" } },
      ]);
      await message("m-not-found", "assistant", [
        { type: "text", text: "Not found." },
        { type: "citations", citations: [] },
        { type: "trace", trace: { mode: "not_found" } },
      ]);
      // Shapes the code never wrote, which must not stop the upgrade.
      await message("m-odd", "assistant", [{ type: "citations", citations: ["x", null] }, { type: "trace", trace: "model" }, 7]);
      await message("m-scalar", "assistant", { not: "an array" });

      expect((await migrate({ url: db.url })).applied).toContain(MIGRATION);

      const examples = await client.query<{ same: boolean; source_message_id: string | null }>(
        `SELECT reviewed_at = updated_at AS same, source_message_id FROM few_shot_examples`,
      );
      expect(examples.rows).toEqual([{ same: true, source_message_id: null }]);

      const modes = await client.query<{ id: string; mode: string | null }>(`SELECT id, mode FROM messages ORDER BY id`);
      expect(Object.fromEntries(modes.rows.map((r) => [r.id, r.mode]))).toEqual({
        "m-model": "model",
        "m-not-found": "not_found",
        "m-odd": null,
        "m-scalar": null,
        "m-user": null,
      });

      const citations = await client.query(`SELECT message_id, document_id, version_id, chunk_id FROM answer_citations ORDER BY chunk_id`);
      expect(citations.rows).toEqual([
        { message_id: "m-model", document_id: "d1", version_id: "v1", chunk_id: "k1" },
        { message_id: "m-model", document_id: "d1", version_id: null, chunk_id: "k2" },
      ]);

      await client.query(`INSERT INTO feedback (id, message_id, user_id, rating) VALUES ('f1', 'm-model', 'u1', -1)`);
      expect((await client.query(`SELECT status FROM feedback`)).rows).toEqual([{ status: "new" }]);
      await expect(client.query(`UPDATE feedback SET status = 'archived'`)).rejects.toThrow(/feedback_status_check/);
      await client.query(`UPDATE feedback SET status = 'converted', example_id = 'e1', handled_by_id = 'u1', handled_at = now()`);

      await client.query(`INSERT INTO ingestion_jobs (id, kind) VALUES ('j1', 'import')`);
      await client.query(`INSERT INTO ingestion_job_files (job_id, ordinal, name, size_bytes) VALUES ('j1', 0, 'a.md', 10)`);
      await expect(client.query(`UPDATE ingestion_job_files SET stage = 'done'`)).rejects.toThrow(/ingestion_job_files_stage_check/);

      // Deleting a version keeps its citations (pointing at the document); deleting what they belong to removes them.
      await client.query(`DELETE FROM few_shot_examples WHERE id = 'e1'`);
      expect((await client.query(`SELECT example_id FROM feedback`)).rows).toEqual([{ example_id: null }]);
      await client.query(`DELETE FROM document_versions WHERE id = 'v1'`);
      expect((await client.query(`SELECT count(*)::int AS n FROM answer_citations WHERE version_id IS NULL`)).rows).toEqual([{ n: 2 }]);
      await client.query(`DELETE FROM ingestion_jobs WHERE id = 'j1'`);
      await client.query(`DELETE FROM documents WHERE id = 'd1'`);
      expect((await client.query(`SELECT count(*)::int AS n FROM answer_citations`)).rows).toEqual([{ n: 0 }]);
      expect((await client.query(`SELECT count(*)::int AS n FROM ingestion_job_files`)).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });
});
