import { collectConsoleErrors, expect, signInViaApi, test } from "./fixtures";

test.describe("signing in and out", () => {
  test("an unauthenticated visit is sent to the sign-in page", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByTestId("login-form")).toBeVisible();
  });

  test("the sign-in page remembers where the person was going", async ({ page }) => {
    await page.goto("/?from=e2e");
    await expect(page).toHaveURL(/\/login\?next=%2F%3Ffrom%3De2e$/);
  });

  test("an employee signs in through the form and sees the chat, their name, role and tRPC data", async ({ page, employee }) => {
    const consoleErrors = collectConsoleErrors(page);
    await page.goto("/login");
    await page.getByTestId("login-email").fill(employee.email);
    await page.getByTestId("login-password").fill(employee.password);

    const conversations = page.waitForResponse((r) => r.url().includes("/api/trpc/") && r.url().includes("conversations.list"));
    await page.getByTestId("login-submit").click();

    await expect(page).toHaveURL(/\/$/);
    const sidebar = page.getByTestId("sidebar");
    await expect(sidebar.getByTestId("user-name")).toHaveText(employee.name);
    await expect(sidebar.getByTestId("user-role")).toHaveText("Employee");
    await expect(page.getByTestId("chat-empty")).toBeVisible();
    await expect(page.getByTestId("composer-input")).toBeFocused();
    // The sidebar's conversations are fetched by the browser through /api/trpc.
    expect((await conversations).status()).toBe(200);
    await expect(sidebar.getByTestId("conversations-empty")).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test("a wrong password shows a clear error and stays on the sign-in page", async ({ page, employee }) => {
    await page.goto("/login");
    await page.getByTestId("login-email").fill(employee.email);
    await page.getByTestId("login-password").fill("not-the-password");
    await page.getByTestId("login-submit").click();

    await expect(page.getByTestId("login-error")).toContainText("Wrong email or password");
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByTestId("login-password")).toBeEditable();
  });

  test("missing or malformed fields are explained before anything is sent", async ({ page }) => {
    await page.goto("/login");
    await page.getByTestId("login-email").fill("not-an-email");
    await page.getByTestId("login-submit").click();

    await expect(page.getByText("Enter a valid email address, like name@company.com.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    await expect(page.getByTestId("login-email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("login-email")).toBeFocused();
  });

  test("after signing in, the person returns to the page they asked for", async ({ page, employee }) => {
    await page.goto("/login?next=%2F%3Ffrom%3De2e");
    await page.getByTestId("login-email").fill(employee.email);
    await page.getByTestId("login-password").fill(employee.password);
    await page.getByTestId("login-submit").click();
    await expect(page).toHaveURL(/\/\?from=e2e$/);
  });

  test("an off-site ?next= is ignored", async ({ page, employee }) => {
    await page.goto("/login?next=https%3A%2F%2Fevil.example%2F");
    await page.getByTestId("login-email").fill(employee.email);
    await page.getByTestId("login-password").fill(employee.password);
    await page.getByTestId("login-submit").click();
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test("signing out ends the session", async ({ page, context, employee }) => {
    await signInViaApi(context, employee);
    await page.goto("/");
    const sidebar = page.getByTestId("sidebar");
    await expect(sidebar.getByTestId("user-name")).toHaveText(employee.name);

    await sidebar.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/login$/);

    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("a signed-in visit to the sign-in page goes straight to the app", async ({ employeePage: page }) => {
    await page.goto("/login");
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("app-shell")).toBeVisible();
  });
});
