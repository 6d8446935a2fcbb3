/*
 * The migration that moved uploaded files out of `ingestion_jobs.input` must carry the bytes of jobs still to
 * run across an upgrade: a database at the migration before it gets jobs shaped as the old code wrote them,
 * then the real migrations run.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "./migrate";
import { defaultMigrationsDir } from "./paths";
import { useTestDatabase } from "./testing";

const MIGRATION = "20261124060000_ingestion_upload_parts";

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
  it("moves the uploaded bytes of queued and running jobs into parts, byte for byte, and leaves the rest alone", async () => {
    expect((await migrate({ url: db.url, migrationsDir: before })).applied).not.toContain(MIGRATION);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256));
      const text = Buffer.from("# Leave\n\nTwenty-five days, plus public holidays.\n");
      const legacy = (files: { name: string; bytes?: Buffer }[]) => ({
        source: "upload",
        tags: ["hr"],
        files: files.map((f) => ({
          name: f.name,
          size: f.bytes?.byteLength ?? 7,
          ...(f.bytes ? { data: f.bytes.toString("base64") } : {}),
        })),
      });
      const insert = (id: string, kind: string, status: string, input: object) =>
        client.query(`INSERT INTO ingestion_jobs (id, kind, status, input) VALUES ($1, $2, $3::run_status, $4::jsonb)`, [
          id,
          kind,
          status,
          JSON.stringify(input),
        ]);
      await insert(
        "queued",
        "import",
        "queued",
        legacy([
          { name: "a.pdf", bytes: binary },
          { name: "empty.md", bytes: Buffer.alloc(0) },
          { name: "b.md", bytes: text },
        ]),
      );
      await insert("running", "import", "running", legacy([{ name: "c.md", bytes: text }]));
      await insert("ended", "import", "succeeded", legacy([{ name: "d.md" }]));
      // An ended job whose bytes were never stripped: no parts (nothing will run it), its copy stripped.
      await insert("ended-with-data", "import", "failed", legacy([{ name: "e.md", bytes: text }]));
      // Shapes the code never wrote, which must not stop the upgrade.
      await insert("odd", "import", "queued", { source: "upload", files: [{ name: "n.md", size: 1, data: null }, "not-an-object"] });
      await insert("reindex", "reindex", "queued", { documentId: "doc-1" });

      expect((await migrate({ url: db.url })).applied).toContain(MIGRATION); // with any migrations after it

      const parts = await client.query<{ job_id: string; file_index: number; part_index: number; bytes: Buffer }>(
        `SELECT job_id, file_index, part_index, bytes FROM ingestion_upload_parts ORDER BY job_id, file_index, part_index`,
      );
      expect(parts.rows.map((r) => [r.job_id, r.file_index, r.part_index, r.bytes.toString("hex")])).toEqual([
        ["queued", 0, 0, binary.toString("hex")],
        ["queued", 1, 0, ""],
        ["queued", 2, 0, text.toString("hex")],
        ["running", 0, 0, text.toString("hex")],
      ]);
      const jobs = await client.query<{ id: string; input: unknown }>(`SELECT id, input FROM ingestion_jobs ORDER BY id`);
      const names = (files: [string, number][]) => ({
        source: "upload",
        tags: ["hr"],
        files: files.map(([name, size]) => ({ name, size })),
      });
      expect(Object.fromEntries(jobs.rows.map((j) => [j.id, j.input]))).toEqual({
        ended: names([["d.md", 7]]),
        "ended-with-data": names([["e.md", text.byteLength]]),
        odd: { source: "upload", files: [{ name: "n.md", size: 1 }, "not-an-object"] },
        queued: names([
          ["a.pdf", binary.byteLength],
          ["empty.md", 0],
          ["b.md", text.byteLength],
        ]),
        reindex: { documentId: "doc-1" },
        running: names([["c.md", text.byteLength]]),
      });
    } finally {
      await client.end();
    }
  });
});
