import { randomUUID } from "node:crypto";

import { expect, test } from "./fixtures";

/**
 * The evaluation workbench end to end, on the seeded demo wiki with the extractive default: import a small set,
 * run the ladder on it, and compare the rungs. The set is made so that the ladder both improves and regresses a case
 * (checked with the extractive default: the rungs without retrieval refuse everything, and the retrieval rungs
 * quote annual-leave.md):
 *   - "leave-year" asks what annual-leave.md says: failed without retrieval, passed with it — an improvement;
 *   - "leave-trap" asks the same page but is marked unanswerable: the rungs without retrieval refuse it (pass), the
 *     retrieval rungs answer it (fail) — a regression from "+ few-shot examples" to "+ retrieval (vector)".
 */
test("import a set, run the ladder, and see the comparison chart and a highlighted regression", async ({ adminPage: page }) => {
  test.setTimeout(180_000);
  const marker = randomUUID().slice(0, 8);
  const jsonl = [
    {
      id: "leave-days",
      question: "How many working days of paid annual leave does everyone get?",
      answers: ["25 working days"],
      source_ids: ["annual-leave"],
      answerable: true,
    },
    {
      id: "leave-trap",
      question: "How many working days of paid annual leave does everyone get per leave year?",
      answers: [],
      source_ids: [],
      answerable: false,
    },
    {
      id: "leave-year",
      question: "When does the leave year run from and to?",
      answers: ["1 January to 31 December"],
      source_ids: ["annual-leave"],
      answerable: true,
    },
  ]
    .map((line) => JSON.stringify(line))
    .join("\n");

  // Create the set with its file.
  await page.goto("/evaluations");
  await page.getByTestId("eval-set-new").click();
  await page.getByTestId("eval-set-name").fill(`Leave questions ${marker}`);
  await page.getByTestId("eval-set-file").setInputFiles({ name: "leave.jsonl", mimeType: "application/jsonl", buffer: Buffer.from(jsonl) });
  await page.getByTestId("eval-set-create").click();
  await expect(page).toHaveURL(/\/evaluations\/sets\/[\w-]+\?imported=1$/);
  await expect(page.getByTestId("eval-import-summary")).toContainText("3 cases imported");
  await expect(page.getByTestId("eval-case-row")).toHaveCount(3);

  // A bad file imports nothing and names its line.
  await page
    .getByTestId("eval-import-file")
    .setInputFiles({ name: "bad.jsonl", mimeType: "application/jsonl", buffer: Buffer.from('{"question": "ok?"}\nnot json') });
  await page.getByTestId("eval-import").click();
  await expect(page.getByTestId("eval-import-summary").last()).toContainText("Line 2");
  await expect(page.getByTestId("eval-case-row")).toHaveCount(3);

  // The ladder: five runs, then the comparison of its rungs in order.
  await page.getByTestId("eval-run-ladder").click();
  await expect(page).toHaveURL(/\/evaluations\/compare\?ladder=[\w-]+$/);
  await expect(page.getByTestId("compare-table")).toBeVisible();
  await expect(page.getByTestId("compare-running")).toBeHidden({ timeout: 120_000 });

  const regression = page.getByTestId("compare-case").filter({ hasText: "per leave year" });
  await expect(regression.getByTestId("compare-regression")).toHaveCount(1);
  await expect(page.getByTestId("compare-case").filter({ hasText: "leave-year" }).getByTestId("compare-improvement")).toHaveCount(1);
  await expect(page.getByTestId("compare-pair").filter({ hasText: "regressed" }).first()).toContainText("retrieval.enabled: false → true");

  // The charts, with their table equivalent.
  const chart = page.getByTestId("compare-chart-quality");
  await expect(chart.locator("svg.recharts-surface")).toBeVisible();
  await chart.getByTestId("compare-chart-quality-table-toggle").click();
  await expect(chart.getByTestId("compare-chart-quality-table")).toContainText("Pass rate");

  // A run's page: figures, what to do next, and a failure's trace.
  await page
    .getByRole("link", { name: /^3\. \+ retrieval \(vector\)/ })
    .first()
    .click();
  await expect(page.getByTestId("run-status")).toHaveText("Finished");
  await expect(page.getByTestId("metric-pass_rate")).toBeVisible();
  await page.getByTestId("results-show").selectOption("failed");
  const failed = page.getByTestId("result-row").filter({ hasText: "per leave year" });
  await expect(failed.getByTestId("result-pass")).toHaveText("Fail");
  await failed.getByTestId("result-trace").click();
  await expect(page.getByRole("heading", { name: "Case trace" })).toBeVisible();
  await expect(page.getByTestId("result-scores")).toContainText("a refusal (unanswerable)");
});
