import { randomUUID } from "node:crypto";

import { expect, signInViaApi, test, trpcCall, WEB_URL } from "./fixtures";

test("an admin creates a user in the dialog, deactivates them (signed out at once) and reactivates them", async ({
  adminPage: page,
  browser,
}) => {
  const id = randomUUID().slice(0, 8);
  const person = { name: `Dialog Person ${id}`, email: `e2e-dialog-${id}@lore.test`, password: `pw-${randomUUID()}` };

  await page.goto("/users");
  await page.getByTestId("new-user").click();
  const dialog = page.getByRole("dialog", { name: "New user" });
  await expect(dialog).toBeVisible();
  // Problems are shown next to their fields, and nothing is sent.
  await dialog.getByLabel("Email").fill("not an email");
  await dialog.getByTestId("new-user-submit").click();
  await expect(dialog.getByLabel("Name")).toBeFocused();
  await expect(dialog.getByText("Enter the person's name.")).toBeVisible();
  await expect(dialog.getByText("Enter an email address, like name@example.com.")).toBeVisible();
  await expect(dialog.getByText("At least 10 characters.")).toBeVisible();

  await dialog.getByLabel("Name").fill(person.name);
  await dialog.getByLabel("Email").fill(person.email);
  await dialog.getByLabel("Password").fill(person.password);
  await dialog.getByTestId("new-user-submit").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("users-status")).toHaveText(`${person.name} (${person.email}) can now sign in.`);

  // They sign in to the employee app in a browser of their own.
  const theirs = await browser.newContext({ baseURL: WEB_URL });
  await signInViaApi(theirs, person, WEB_URL);
  const theirPage = await theirs.newPage();
  await theirPage.goto(WEB_URL);
  await expect(theirPage).not.toHaveURL(/\/login/);
  expect((await trpcCall(theirs.request, WEB_URL, "session.me", undefined, "query")).status).toBe(200);

  await page.getByTestId("users-search").fill(person.email);
  const row = page.locator(`[data-testid="user-row"][data-email="${person.email}"]`);
  await expect(row.getByTestId("user-methods")).toHaveText("Password");
  await expect(row).toHaveAttribute("data-status", "active");
  await row.getByTestId("deactivate-user").click();
  const confirm = page.getByRole("dialog", { name: `Deactivate ${person.name}?` });
  await expect(confirm).toContainText("signed out everywhere at once");
  await confirm.getByTestId("user-status-confirm").click();
  await expect(page.getByTestId("users-status")).toHaveText(`${person.name} is deactivated and signed out everywhere.`);
  await expect(row).toHaveAttribute("data-status", "deactivated");
  await expect(row.getByTestId("user-deactivated")).toBeVisible();

  // Their browser loses access at its next request, and they cannot sign back in.
  expect((await trpcCall(theirs.request, WEB_URL, "session.me", undefined, "query")).status).toBe(401);
  await theirPage.reload();
  await expect(theirPage).toHaveURL(/\/login/);
  const refused = await theirs.request.post(`${WEB_URL}/api/auth/sign-in/email`, {
    data: { email: person.email, password: person.password },
    headers: { origin: WEB_URL },
  });
  expect(refused.status()).toBe(403);

  // The status filter finds them among the deactivated.
  await page.getByTestId("users-status-filter").selectOption("deactivated");
  await expect(row).toBeVisible();

  await row.getByTestId("reactivate-user").click();
  await page
    .getByRole("dialog", { name: `Reactivate ${person.name}?` })
    .getByTestId("user-status-confirm")
    .click();
  await expect(page.getByTestId("users-status")).toHaveText(`${person.name} can sign in again.`);
  await page.getByTestId("users-status-filter").selectOption("active");
  await expect(row).toHaveAttribute("data-status", "active");
  await signInViaApi(theirs, person, WEB_URL);
  expect((await trpcCall(theirs.request, WEB_URL, "session.me", undefined, "query")).status).toBe(200);
  await theirs.close();
});
