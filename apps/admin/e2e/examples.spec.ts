import { randomUUID } from "node:crypto";

import { expect, test } from "./fixtures";

/**
 * Curating an example in the console: create it, edit it (Markdown preview, pin), find it in the table, and see
 * Try it select it for the same question with its similarity score.
 */
test("create and edit an example, then Try it selects it with a score", async ({ adminPage: page }) => {
  const marker = randomUUID().slice(0, 8);
  const question = `How do I book the quokka meeting room ${marker}?`;

  await page.goto("/examples/new");
  await page.getByTestId("example-question").fill(question);
  await page.getByTestId("example-answer").fill(`Book it in the **room planner** (${marker}).`);
  await page.getByTestId("example-answer-preview-tab").click();
  await expect(page.getByTestId("example-answer-preview").locator("strong")).toHaveText("room planner");
  await page.getByRole("tab", { name: "Write" }).click();
  await page.getByRole("textbox", { name: "Tags" }).fill("facilities");
  await page.getByRole("textbox", { name: "Tags" }).press("Enter");
  await page.getByTestId("example-save").click();
  await expect(page).toHaveURL(/\/examples\/[\w-]+\?saved=1$/);

  // Edit: a new answer and pinned.
  await page.getByTestId("example-answer").fill(`Use the room planner on the intranet (${marker}).`);
  await page.getByTestId("example-pinned").check();
  await page.getByTestId("example-save").click();
  await expect(page.getByTestId("example-saved")).toContainText("answer, pinned");

  // Try it, as the signed-in admin (the first person listed is fine: the example links no document).
  const tryPanel = page.getByTestId("try-panel");
  await expect(tryPanel.getByTestId("try-question")).toHaveValue(question);
  await expect(tryPanel.getByTestId("try-as-user").locator("option").first()).toBeAttached();
  await tryPanel.getByTestId("try-run").click();
  const row = tryPanel.getByTestId("try-candidate").filter({ hasText: question });
  await expect(row).toContainText("Selected");
  await expect(row.getByTestId("try-similarity")).toHaveText("1.000");
  await expect(tryPanel.getByTestId("try-messages")).toContainText(question);

  // The table lists it, pinned.
  await page.goto(`/examples?q=${marker}`);
  const listed = page.getByTestId("example-row").filter({ hasText: question });
  await expect(listed).toContainText("Pinned");
  await expect(listed).toContainText("facilities");
});
