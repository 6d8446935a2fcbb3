import { randomUUID } from "node:crypto";

import { ADMIN_URL, expect, test, trpcCall } from "./fixtures";

test("the Ask Lore page lists the groups the employee belongs to", async ({ employeePage: page, employee, adminRequest }) => {
  // An admin puts the employee into a fresh group, through the admin app's API.
  const name = `e2e-${randomUUID().slice(0, 8)}`;
  const created = await trpcCall(adminRequest, ADMIN_URL, "admin.groups.create", { name, description: "Created by an e2e test" });
  expect(created.status).toBe(200);
  const groupId = (created.data as { id: string }).id;
  try {
    const added = await trpcCall(adminRequest, ADMIN_URL, "admin.groups.addMember", { groupId, userId: employee.id });
    expect(added.status).toBe(200);

    await page.goto("/");
    await expect(page.getByTestId("greeting")).toHaveText(`Hello, ${employee.name}`);
    await expect(page.getByTestId("user-groups").getByTestId("group-badge")).toHaveText([name]);
  } finally {
    await trpcCall(adminRequest, ADMIN_URL, "admin.groups.delete", { id: groupId });
  }
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
