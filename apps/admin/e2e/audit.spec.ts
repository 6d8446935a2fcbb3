import { readFile } from "node:fs/promises";

import { expect, test } from "./fixtures";

test("an admin filters the audit log by an action and downloads the filtered CSV", async ({ adminPage: page, makeUser }) => {
  const person = await makeUser("Audited");

  await page.goto("/audit");
  await page.getByTestId("audit-action-filter").selectOption("user.created");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/audit\?action=user\.created$/);
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  // Every row is an account creation, this test's user among them.
  await expect(page.locator('[data-testid="audit-row"]:not([data-action="user.created"])')).toHaveCount(0);
  await expect(page.locator('[data-testid="audit-row"]', { hasText: person.email })).toBeVisible();

  // The filters survive a reload (they are in the URL).
  await page.reload();
  await expect(page.getByTestId("audit-action-filter")).toHaveValue("user.created");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-download-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^lore-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.split("\r\n");
  expect(lines[0]).toBe("id,at,action,actor_id,actor_email,target_type,target_id,ip,data");
  // Other tests create users at the same time: find this test's one.
  const row = lines.find((line) => line.includes(`,user,${person.id},`));
  expect(row).toContain(",user.created,");
  expect(row).toContain(`""email"":""${person.email}""`);
  expect(
    lines
      .slice(1)
      .filter(Boolean)
      .every((line) => line.includes(",user.created,")),
  ).toBe(true);

  // The export itself is in the log.
  await page.getByTestId("audit-action-filter").selectOption("export.");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("audit-row").first()).toHaveAttribute("data-action", "export.audit_csv");
});
