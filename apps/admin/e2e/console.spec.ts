import { randomUUID } from "node:crypto";

import { collectConsoleErrors, DEMO_ADMIN, expect, test } from "./fixtures";

test("the demo admin signs in through the form and sees the users list", async ({ page }) => {
  const consoleErrors = collectConsoleErrors(page);
  await page.goto("/login");
  await page.getByTestId("login-email").fill(DEMO_ADMIN.email);
  await page.getByTestId("login-password").fill(DEMO_ADMIN.password);
  await page.getByTestId("login-submit").click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("user-role")).toHaveText("Admin");
  await expect(page.getByTestId("metric-groups")).toBeVisible();

  await page.getByTestId("nav-users").click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByTestId("users-table")).toBeVisible();
  await expect(page.locator(`[data-testid="user-row"][data-email="${DEMO_ADMIN.email}"]`)).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("an admin promotes an employee and demotes them again", async ({ adminPage: page, makeUser }) => {
  const person = await makeUser("Promotee");

  await page.goto("/users");
  await page.getByTestId("users-search").fill(person.email);
  const row = page.locator(`[data-testid="user-row"][data-email="${person.email}"]`);
  await expect(row).toBeVisible();
  await expect(page.getByTestId("user-row")).toHaveCount(1);

  await row.getByTestId("role-select").selectOption("admin");
  await expect(page.getByTestId("users-status")).toHaveText(`${person.name} is now an admin.`);
  await page.reload();
  await page.getByTestId("users-search").fill(person.email);
  await expect(row.getByTestId("role-select")).toHaveValue("admin");

  await row.getByTestId("role-select").selectOption("employee");
  await expect(page.getByTestId("users-status")).toHaveText(`${person.name} is now an employee.`);
});

test("an admin cannot change their own role from the console", async ({ adminPage: page }) => {
  await page.goto("/users");
  await page.getByTestId("users-search").fill(DEMO_ADMIN.email);
  const row = page.locator(`[data-testid="user-row"][data-email="${DEMO_ADMIN.email}"]`);
  await expect(row.getByTestId("role-select")).toBeDisabled();
});

test("an admin creates a group, manages its members and deletes it", async ({ adminPage: page, makeUser }) => {
  const member = await makeUser("Member");
  const name = `e2e-${randomUUID().slice(0, 8)}`;

  await page.goto("/groups");
  await page.getByTestId("group-name").fill(name);
  await page.getByTestId("group-description").fill("Created by an end-to-end test");
  await page.getByTestId("create-group-submit").click();
  await expect(page.getByTestId("create-group-success")).toContainText(name);

  const group = page.locator(`[data-testid="group-item"][data-name="${name}"]`);
  await expect(group).toBeVisible();
  await expect(group.getByTestId("group-member-count")).toHaveText("0 members");

  await group.getByTestId("group-members-toggle").click();
  await expect(group.getByTestId("group-members-empty")).toBeVisible();
  await group.getByTestId("group-member-search").fill(member.email);
  await group.locator(`[data-testid="group-candidate"][data-email="${member.email}"]`).getByTestId("group-candidate-add").click();
  await expect(group.locator(`[data-testid="group-member"][data-email="${member.email}"]`)).toBeVisible();
  await expect(group.getByTestId("group-member-count")).toHaveText("1 member");

  await group.locator(`[data-testid="group-member"][data-email="${member.email}"]`).getByTestId("group-member-remove").click();
  await expect(group.getByTestId("group-members-empty")).toBeVisible();
  await expect(group.getByTestId("group-member-count")).toHaveText("0 members");

  await group.getByTestId("group-delete").click();
  await group.getByTestId("group-delete-confirm").click();
  await expect(group).toHaveCount(0);

  // Every step is in the audit log.
  await page.getByTestId("nav-audit").click();
  await expect(page.getByTestId("audit-table")).toBeVisible();
  const entry = (action: string, text: string | RegExp) =>
    page.locator(`[data-testid="audit-row"][data-action="${action}"]`).filter({ hasText: text }).first();
  await expect(entry("group.created", name)).toBeVisible();
  await expect(entry("group.member_added", member.email)).toBeVisible();
  // Shown by email, or by account id where the entry does not record the email.
  await expect(entry("group.member_removed", new RegExp(`${member.email.replace(/[.]/g, "\\.")}|${member.id}`))).toBeVisible();
  await expect(entry("group.deleted", name)).toBeVisible();
});

test("group names are validated with the API's rules before sending", async ({ adminPage: page }) => {
  await page.goto("/groups");
  await page.getByTestId("group-name").fill("Has Spaces");
  await page.getByTestId("create-group-submit").click();
  await expect(page.getByText("Use lowercase letters, digits, '-' and '_' (e.g. finance, people-team).")).toBeVisible();
  await expect(page.getByTestId("group-name")).toHaveAttribute("aria-invalid", "true");
});

test("a duplicate group name is explained next to the field", async ({ adminPage: page }) => {
  const name = `e2e-${randomUUID().slice(0, 8)}`;
  await page.goto("/groups");
  await page.getByTestId("group-name").fill(name);
  await page.getByTestId("create-group-submit").click();
  await expect(page.getByTestId("create-group-success")).toBeVisible();

  await page.getByTestId("group-name").fill(name);
  await page.getByTestId("create-group-submit").click();
  await expect(page.getByText(`A group named "${name}" already exists.`)).toBeVisible();

  const group = page.locator(`[data-testid="group-item"][data-name="${name}"]`);
  await group.getByTestId("group-delete").click();
  await group.getByTestId("group-delete-confirm").click();
  await expect(group).toHaveCount(0);
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", app: "admin", db: "up" });
});
