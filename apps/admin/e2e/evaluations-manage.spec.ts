import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";

import { expect, test } from "./fixtures";

/**
 * Curating a set by hand and one run with a chosen configuration: a case written in the dialog, edited, exported;
 * a single run with retrieval in vector mode and no examples, whose page shows what it answered with.
 */
test("write a case by hand, edit it, export the set and run it once with a chosen configuration", async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  const name = `Hand-written ${randomUUID().slice(0, 8)}`;
  await page.goto("/evaluations");
  await page.getByTestId("eval-set-new").click();
  await page.getByTestId("eval-set-name").fill(name);
  await page.getByTestId("eval-set-create").click();
  await expect(page).toHaveURL(/\/evaluations\/sets\/[\w-]+/);
  await expect(page.getByTestId("eval-cases-empty")).toBeVisible();

  // A case in the dialog, then an edit of its expected answer.
  await page.getByTestId("eval-case-new").click();
  await page.getByTestId("eval-case-question").fill("How many unused days can I carry over?");
  await page.getByTestId("eval-case-answers").fill("5 days");
  await page.getByTestId("eval-case-sources").fill("annual-leave");
  await page.getByTestId("eval-case-save").click();
  const row = page.getByTestId("eval-case-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("5 days");
  await row.getByRole("button", { name: /^Edit:/ }).click();
  await page.getByTestId("eval-case-answers").fill("up to 5 unused days");
  await page.getByTestId("eval-case-save").click();
  await expect(row).toContainText("up to 5 unused days");

  // Export: the JSONL holds the case as edited.
  const download = page.waitForEvent("download");
  await page.getByTestId("eval-export").click();
  const file = await (await download).path();
  const lines = (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    question: "How many unused days can I carry over?",
    answers: ["up to 5 unused days"],
    source_ids: ["annual-leave"],
  });

  // One run: vector retrieval, examples off.
  await page.getByTestId("eval-run-open").click();
  const form = page.getByTestId("eval-run-form");
  await form.getByLabel("Mode").selectOption("vector");
  await form.getByRole("switch", { name: "Use examples" }).uncheck();
  await page.getByTestId("eval-run-start").click();
  await expect(page).toHaveURL(/\/evaluations\/runs\/[\w-]+$/);
  await expect(page.getByTestId("run-status")).toHaveText("Finished", { timeout: 60_000 });
  await expect(page.getByTestId("run-config")).toContainText("vector");
  await expect(page.getByTestId("result-row")).toHaveCount(1);
});
