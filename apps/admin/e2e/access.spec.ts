import { ADMIN_PROCEDURES } from "./admin-procedures";
import { CONSOLE_PAGES } from "./console-pages";
import { ADMIN_URL, expect, test, trpcCall } from "./fixtures";

test.describe("who may use the console", () => {
  test("an unauthenticated visit is sent to the sign-in page, and back afterwards", async ({ page }) => {
    await page.goto("/groups");
    await expect(page).toHaveURL(/\/login\?next=%2Fgroups$/);
    await expect(page.getByTestId("login-form")).toBeVisible();
  });

  test("an employee is refused with a 403 page", async ({ employeePage: page, employee }) => {
    for (const path of CONSOLE_PAGES) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByTestId("forbidden")).toContainText("You need the admin role");
    }
    await expect(page.getByTestId("forbidden")).toContainText(employee.email);
    await expect(page.getByTestId("forbidden-web-link")).toBeVisible();
    await expect(page.getByTestId("app-shell")).toHaveCount(0);
  });

  test("an employee's direct tRPC admin calls from the browser are FORBIDDEN", async ({ employeePage: page }) => {
    await page.goto("/");
    const result = await page.evaluate(async () => {
      const input = encodeURIComponent(JSON.stringify({ json: {} }));
      const response = await fetch(`/api/trpc/admin.users.list?input=${input}`);
      const body = (await response.json()) as { error?: { json?: { data?: { code?: string } } } };
      return { status: response.status, code: body.error?.json?.data?.code };
    });
    expect(result).toEqual({ status: 403, code: "FORBIDDEN" });
  });

  test("every admin procedure answers an employee FORBIDDEN over HTTP", async ({ employeePage: page }) => {
    const refused: string[] = [];
    for (const [path, kind] of ADMIN_PROCEDURES) {
      const result = await trpcCall(page.request, ADMIN_URL, path, {}, kind);
      refused.push(`${path} ${result.status} ${result.errorCode}`);
    }
    expect(refused).toEqual(ADMIN_PROCEDURES.map(([path]) => `${path} 403 FORBIDDEN`));
  });

  test("the 403 page lets the employee sign out", async ({ employeePage: page }) => {
    await page.goto("/");
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
  });
});
