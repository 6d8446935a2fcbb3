import { expect, test, trpcCall } from "./fixtures";

test("a new chat shows suggested questions; choosing one asks it", async ({ employeePage: page }) => {
  await page.goto("/");
  await expect(page.getByTestId("chat-empty")).toBeVisible();
  const suggestions = page.getByTestId("suggested-question");
  await expect(suggestions.first()).toBeVisible();
  expect(await suggestions.count()).toBeLessThanOrEqual(6);
  const question = (await suggestions.first().textContent())!.trim();

  await suggestions.first().click();
  await expect(page.getByTestId("message-user")).toHaveText(question);
  await expect(page.getByTestId("message-assistant")).toHaveAttribute("data-status", "complete");
  await expect(page.getByTestId("chat-empty")).toBeHidden();
  await expect(page).toHaveURL(/\/c\/[\w-]+$/);

  // The address changed in place; "New chat" still starts over.
  await page.getByTestId("sidebar").getByTestId("new-chat").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("chat-empty")).toBeVisible();
  await expect(page.getByTestId("message-user")).toHaveCount(0);
});

test("tRPC refuses anonymous callers with UNAUTHORIZED", async ({ request, baseURL }) => {
  const result = await trpcCall(request, baseURL!, "session.me", undefined, "query");
  expect(result.status).toBe(401);
  expect(result.errorCode).toBe("UNAUTHORIZED");
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", app: "web", db: "up" });
});

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/login");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("an unknown page shows a friendly 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
});
