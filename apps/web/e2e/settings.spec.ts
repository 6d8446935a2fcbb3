import { randomUUID } from "node:crypto";

import OpenAI from "openai";

import { expect, test, WEB_URL } from "./fixtures";

test("an API key created in settings works with the openai client, and stops working once revoked", async ({ employeePage: page }) => {
  await page.goto("/settings");
  const name = `e2e key ${randomUUID().slice(0, 6)}`;
  await page.getByTestId("api-key-name").fill(name);
  await page.getByTestId("api-key-create").click();
  const secret = (await page.getByTestId("api-key-secret").innerText()).trim();
  expect(secret.length).toBeGreaterThan(20);
  await expect(page.getByTestId("api-key-secret-box")).toBeFocused();
  // The example request names this server and the model.
  await expect(page.getByTestId("example-code")).toContainText(`${WEB_URL}/api/v1/chat/completions`);

  const client = new OpenAI({ baseURL: `${WEB_URL}/api/v1`, apiKey: secret, maxRetries: 0 });
  const models = await client.models.list();
  const model = models.data[0]!.id;
  const reply = await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: "How many days of annual leave do employees get?" }],
  });
  expect(reply.choices[0]?.message.content?.trim().length).toBeGreaterThan(0);

  // The list shows it as used; revoking asks first.
  await page.reload();
  const item = page.getByTestId("api-key-item").filter({ hasText: name });
  await expect(item).not.toContainText("never used");
  await item.getByTestId("api-key-revoke").click();
  await item.getByTestId("api-key-revoke-cancel").click();
  await expect(item.getByTestId("api-key-revoke")).toBeFocused();
  await item.getByTestId("api-key-revoke").click();
  await item.getByTestId("api-key-revoke-confirm").click();
  await expect(item).toContainText("Revoked");

  const refused = await client.chat.completions.create({ model, messages: [{ role: "user", content: "Hello?" }] }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(OpenAI.APIError);
  expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
});

test("switching to Vietnamese translates the interface and is remembered", async ({ employeePage: page }) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await page.getByTestId("language").getByText("Tiếng Việt", { exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cài đặt");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByTestId("sidebar").getByTestId("nav-settings")).toHaveText("Cài đặt");
  await expect(page.getByTestId("api-key-create")).toHaveText("Tạo khóa");
  const cookie = (await page.context().cookies()).find((c) => c.name === "lore-locale");
  expect(cookie?.value).toBe("vi");
  expect(cookie?.sameSite).toBe("Lax");
  expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cài đặt");
  await expect(page.getByTestId("language-vi")).toBeChecked();
  await page.goto("/");
  await expect(page.getByTestId("sidebar").getByTestId("new-chat")).toContainText("Cuộc trò chuyện mới");
});

test("the theme switch sets data-theme on <html>, remembered across reloads", async ({ employeePage: page }) => {
  await page.goto("/settings");
  const html = page.locator("html");
  await expect(html).not.toHaveAttribute("data-theme", /.+/);
  await page.getByTestId("theme").getByText("Dark", { exact: true }).click();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("theme-dark")).toBeChecked();
  await page.getByTestId("theme").getByText("Light", { exact: true }).click();
  await expect(html).toHaveAttribute("data-theme", "light");
  await page.getByTestId("theme").getByText("System", { exact: true }).click();
  await expect(html).not.toHaveAttribute("data-theme", /.+/);
  await page.reload();
  await expect(html).not.toHaveAttribute("data-theme", /.+/);
});
