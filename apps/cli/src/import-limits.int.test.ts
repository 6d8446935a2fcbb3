/**
 * The ingestion limits (LORE_MAX_FILE_MB, LORE_ZIP_MAX_ENTRIES, LORE_ZIP_MAX_TOTAL_MB) set low apply to `lore import`
 * too, with a message naming the configured limit, and a file above a limit never stops the other files of its batch.
 * (Moved from packages/core/src/jobs/ingest-limits.int.test.ts, which covers uploads and jobs.)
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "@lore/db/testing";

const LIMITS = { LORE_MAX_FILE_MB: "1", LORE_ZIP_MAX_ENTRIES: "4", LORE_ZIP_MAX_TOTAL_MB: "2" };
const MB = 1024 * 1024;
const here = path.dirname(fileURLToPath(import.meta.url));

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
});

const page = (word: string) => `# ${word}\n\nThe ${word} policy applies to everyone.\n`;
/** A file of `bytes` bytes: a short page, then padding that normalisation drops. */
const padded = (word: string, bytes: number) => `${page(word)}${" ".repeat(bytes - page(word).length - 1)}\n`;

describe("configured ingestion limits", () => {
  it("apply to `lore import`: the file above LORE_MAX_FILE_MB is listed with the limit, the others are imported", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "lore-limits-"));
    try {
      writeFileSync(path.join(folder, "leave.md"), page("leave"));
      writeFileSync(path.join(folder, "huge.md"), padded("huge", 1.5 * MB));
      writeFileSync(path.join(folder, "expenses.md"), page("expenses"));
      const { stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(here, "main.ts"), "import", folder], {
        cwd: path.resolve(here, ".."),
        env: { ...process.env, ...LIMITS, DATABASE_URL: db.url },
        timeout: 30_000,
      });
      expect(stderr).toMatch(/✗ lore-limits-\w+\/huge\.md: "lore-limits-\w+\/huge\.md" is 1\.5 MB, above the 1 MB limit per file/);
      expect(stderr).toMatch(/2 created, 0 updated, 0 unchanged, 1 failed/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
