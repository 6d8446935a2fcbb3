import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect, test } from "./fixtures";

/**
 * Documents end to end: a whole folder (the 59 GOV.UK pages of the shared datasets, read where they are) and a
 * corrupt file uploaded in one batch, every page reaching "ready" with its progress shown while the corrupt file
 * fails with a reason in words; then the list filtered to them, one page opened (chunks, versions), and deleted
 * after the confirmation.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const PAGES = path.resolve(REPO_ROOT, "../shared/datasets/govuk-policies/pages");

test("upload a folder and a corrupt file, follow them to ready or failed, then find, open and delete a page", async ({
  adminPage: page,
}) => {
  test.setTimeout(240_000);
  const pages = (await readdir(PAGES)).filter((name) => name.endsWith(".html"));
  expect(pages.length, "the shared dataset's pages").toBe(59);
  const tag = `govuk-${randomUUID().slice(0, 8)}`;
  const scratch = await mkdtemp(path.join(tmpdir(), "lore-documents-e2e-"));
  const corrupt = path.join(scratch, `broken-${tag}.pdf`);
  // A PDF header followed by bytes that are no PDF at all.
  await writeFile(corrupt, Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2048, 0x9c)]));

  try {
    await page.goto("/documents/upload");
    await page.getByTestId("upload-tags").fill(tag);
    await page.getByTestId("upload-tags").press("Enter");
    await page.getByTestId("drop-zone-folder").setInputFiles(PAGES);
    await page.getByTestId("drop-zone-files").setInputFiles(corrupt);
    await expect(page.getByTestId("upload-selection")).toContainText("60 files chosen");
    await page.getByTestId("upload-start").click();

    // Bytes first (or straight to the stages when the batch is sent in a blink), then every file's stage, live.
    const files = page.getByTestId("job-files");
    await expect(files).toBeVisible({ timeout: 60_000 });
    await expect(files.getByTestId("job-file")).toHaveCount(60);
    await expect(files.getByRole("progressbar").first()).toBeVisible();
    await expect(files).toHaveAttribute("data-job-status", /succeeded|failed/, { timeout: 180_000 });
    await expect(files.locator('[data-testid="job-file"][data-stage="ready"]')).toHaveCount(59);
    const failed = files.locator('[data-testid="job-file"][data-stage="failed"]');
    await expect(failed).toHaveCount(1);
    await expect(failed).toHaveAttribute("data-name", `broken-${tag}.pdf`);
    await expect(failed.getByTestId("job-file-reason")).toContainText(/\w+ \w+ \w+/);
    await expect(page.getByTestId("job-summary")).toContainText("59 ready, 1 failed");

    // The list, filtered by the upload's tag (kept in the URL), then by title.
    await page.goto(`/documents?tag=${tag}`);
    await expect(page.getByTestId("document-row")).toHaveCount(50);
    await page.getByTestId("documents-load-more").click();
    await expect(page.getByTestId("document-row")).toHaveCount(59);
    await page.getByTestId("documents-search").fill("Attendance Allowance");
    await expect(page).toHaveURL(/q=Attendance/);
    await expect(page.getByTestId("document-row")).toHaveCount(1);
    await page.getByTestId("document-row").getByRole("link").click();

    // The page: its chunks and versions.
    await expect(page.getByTestId("document-detail")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Attendance Allowance");
    await page.getByTestId("tab-chunks").click();
    await expect(page.getByTestId("chunk").first()).toBeVisible();
    await expect(page.getByTestId("chunk").first()).toContainText("tokens");
    await page.getByTestId("tab-versions").click();
    await expect(page.getByTestId("version-row").first()).toContainText("Current");

    // Deleted after the confirmation: gone from the list.
    await page.getByTestId("document-delete").click();
    await expect(page.getByTestId("delete-dialog")).toBeVisible();
    await page.getByTestId("delete-confirm").click();
    await expect(page).toHaveURL(/\/documents$/);
    await page.goto(`/documents?tag=${tag}&q=Attendance+Allowance`);
    await expect(page.getByTestId("documents-empty")).toBeVisible();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
