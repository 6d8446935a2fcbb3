import { randomUUID } from "node:crypto";

import { ADMIN_URL, expect, test, trpcCall } from "./fixtures";

// Other specs run against the same stack at the same time: the change is a harmless extra line, the new version is
// active for a moment only, and the originally active version is active again at the end whatever happens.
test("an admin edits the system prompt, sees the diff, activates the new version and rolls back", async ({ adminPage: page }) => {
  const versions = await trpcCall(page.request, ADMIN_URL, "admin.prompts.list", undefined, "query");
  const original = (versions.data as Array<{ id: string; version: number; isActive: boolean }>).find((v) => v.isActive)!;
  const marker = `Sign answers as Lore (e2e ${randomUUID().slice(0, 8)}).`;
  try {
    await page.goto("/prompt");
    await expect(page.getByTestId(`prompt-version-${original.version}`).getByTestId("prompt-active-badge")).toBeVisible();
    const prompt = page.getByTestId("prompt-system");
    await prompt.fill(`${await prompt.inputValue()}\n${marker}`);
    await page.getByTestId("prompt-notes").fill("End-to-end test: one extra line");
    await page.getByTestId("prompt-save").click();
    await expect(page.getByTestId("prompt-status")).toContainText("It is not active yet.");
    const saved = (await page.getByTestId("prompt-status").textContent())!.match(/version (\d+)/)![1]!;

    // The diff opens on the change just saved: the added line, and the parameters unchanged.
    const diff = page.getByTestId("prompt-diff");
    await expect(diff.getByTestId("prompt-diff-text").locator('tr[data-kind="added"]')).toContainText(marker);
    await expect(diff.getByTestId("prompt-diff-parameters").locator("tr[data-changed]")).toHaveCount(0);

    await page.getByTestId(`prompt-activate-${saved}`).click();
    await page.getByTestId("prompt-activate-confirm").click();
    await expect(page.getByTestId("prompt-status")).toHaveText(`Version ${saved} is now active: new answers use it.`);
    await expect(page.getByTestId(`prompt-version-${saved}`).getByTestId("prompt-active-badge")).toBeVisible();

    // Roll back to the original.
    await expect(page.getByTestId(`prompt-activate-${original.version}`)).toHaveText("Roll back");
    await page.getByTestId(`prompt-activate-${original.version}`).click();
    await expect(page.getByTestId("prompt-activate-dialog")).toContainText(`Roll back to version ${original.version}?`);
    await page.getByTestId("prompt-activate-confirm").click();
    await expect(page.getByTestId(`prompt-version-${original.version}`).getByTestId("prompt-active-badge")).toBeVisible();
    await expect(page.getByTestId(`prompt-version-${saved}`).getByTestId("prompt-active-badge")).toHaveCount(0);
  } finally {
    await trpcCall(page.request, ADMIN_URL, "admin.prompts.activate", { id: original.id });
  }
});
