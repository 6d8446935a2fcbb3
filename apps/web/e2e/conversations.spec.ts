import { randomUUID } from "node:crypto";

import type { APIRequestContext, Page } from "@playwright/test";

import { expect, signInViaApi, test, WEB_URL } from "./fixtures";

/**
 * Asks a question through chat.send as the signed-in user (the streaming link's JSON-lines response, read to its
 * end) and returns the new conversation's id.
 */
async function ask(request: APIRequestContext, question: string): Promise<string> {
  // Streamed procedures answer only batched requests (a batch of one, as the browser's streaming link sends).
  const response = await request.post(`${WEB_URL}/api/trpc/chat.send?batch=1`, {
    data: { 0: { json: { question } } },
    headers: { origin: WEB_URL, connection: "close", "trpc-accept": "application/jsonl" },
  });
  const body = await response.text();
  expect(response.ok(), `chat.send failed: ${response.status()} ${body.slice(0, 300)}`).toBe(true);
  const id = /"conversationId":"([^"]+)"/.exec(body)?.[1];
  expect(id, `no conversation in chat.send's answer: ${body.slice(0, 300)}`).toBeTruthy();
  return id!;
}

function sidebar(page: Page) {
  return page.getByTestId("sidebar").getByTestId("conversation-list");
}

test("conversations appear in the sidebar, can be renamed, searched, deleted and restored with undo", async ({ employeePage: page }) => {
  const tag = randomUUID().slice(0, 6);
  const firstId = await ask(page.request, `Where do I park my bike ${tag}?`);
  const secondId = await ask(page.request, `How many days of annual leave do employees get ${tag}?`);

  await page.goto("/");
  const list = sidebar(page);
  const items = list.getByTestId("conversation-item");
  // Newest first, titled from the first question, each a link to its own page.
  await expect(items.getByTestId("conversation-link")).toHaveText([
    `How many days of annual leave do employees get ${tag}?`,
    `Where do I park my bike ${tag}?`,
  ]);
  await expect(items.nth(1).getByTestId("conversation-link")).toHaveAttribute("href", `/c/${firstId}`);

  // Rename inline, keyboard only: Esc cancels, an empty title is explained, Enter saves.
  const bike = list.locator(`[data-conversation-id="${firstId}"]`);
  await bike.getByTestId("conversation-link").focus();
  await page.keyboard.press("Tab");
  await expect(bike.getByRole("button", { name: `Rename “Where do I park my bike ${tag}?”` })).toBeFocused();
  await page.keyboard.press("Enter");
  const input = list.getByTestId("conversation-rename-input");
  await expect(input).toBeFocused();
  await input.fill("Something else");
  await page.keyboard.press("Escape");
  await expect(bike.getByTestId("conversation-link")).toHaveText(`Where do I park my bike ${tag}?`);
  await expect(bike.getByTestId("conversation-link")).toBeFocused();

  await bike.hover();
  await bike.getByTestId("conversation-rename").click();
  await input.fill("   ");
  await page.keyboard.press("Enter");
  await expect(list.getByTestId("conversation-rename-error")).toHaveText("Give the conversation a title.");
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await input.fill(`Bike parking ${tag}`);
  await page.keyboard.press("Enter");
  await expect(bike.getByTestId("conversation-link")).toHaveText(`Bike parking ${tag}`);
  // Renaming does not move it, and the new title is kept.
  await page.reload();
  await expect(items.getByTestId("conversation-link")).toHaveText([
    `How many days of annual leave do employees get ${tag}?`,
    `Bike parking ${tag}`,
  ]);

  // Search over titles and messages; no matches is said in words; clearing brings the whole list back.
  const search = list.getByTestId("conversation-search");
  await search.fill(`parking ${tag}`);
  await expect(items.getByTestId("conversation-link")).toHaveText([`Bike parking ${tag}`]);
  await search.fill(`days of annual leave`);
  await expect(items.getByTestId("conversation-link")).toContainText([`How many days of annual leave do employees get ${tag}?`]);
  await search.fill(`nothing like this ${tag}`);
  await expect(list.getByTestId("conversations-no-matches")).toBeVisible();
  await list.getByTestId("conversation-search-clear").click();
  await expect(search).toHaveValue("");
  await expect(items).toHaveCount(2);

  // Delete, then undo: it comes back in its place.
  const leave = list.locator(`[data-conversation-id="${secondId}"]`);
  await leave.hover();
  await leave.getByTestId("conversation-delete").click();
  await expect(items).toHaveCount(1);
  const notice = page.getByTestId("conversation-deleted").filter({ visible: true });
  await expect(notice).toContainText("Conversation deleted");
  await notice.getByTestId("conversation-undo").click();
  await expect(notice).toHaveCount(0);
  await expect(items.getByTestId("conversation-link")).toHaveText([
    `How many days of annual leave do employees get ${tag}?`,
    `Bike parking ${tag}`,
  ]);

  // Deleted without undo, it stays gone, also from search.
  await leave.hover();
  await leave.getByTestId("conversation-delete").click();
  await expect(notice).toBeVisible();
  await page.reload();
  await expect(items.getByTestId("conversation-link")).toHaveText([`Bike parking ${tag}`]);
  await search.fill(`annual leave ${tag}`);
  await expect(list.getByTestId("conversations-no-matches")).toBeVisible();
});

test("a new employee sees the empty state", async ({ employeePage: page }) => {
  await page.goto("/");
  await expect(sidebar(page).getByTestId("conversations-empty")).toHaveText(/No conversations yet/);
});

test("in the phone drawer, the list works and the undo notice shows inside it", async ({ employeePage: page }) => {
  const tag = randomUUID().slice(0, 6);
  const id = await ask(page.request, `What is the expense limit ${tag}?`);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/");
  await page.getByTestId("open-menu").click();
  const drawer = page.getByTestId("drawer");
  const item = drawer.locator(`[data-conversation-id="${id}"]`);
  // Touch screens cannot hover: the actions are always there.
  await expect(item.getByTestId("conversation-delete")).toBeVisible();
  await item.getByTestId("conversation-delete").click();
  await expect(drawer.getByTestId("conversation-deleted")).toBeVisible();
  await drawer.getByTestId("conversation-undo").click();
  await expect(item).toBeVisible();
});

test("another employee's conversation link is the same 404 as an unknown one", async ({ employeePage: page, makeUser, browser }) => {
  const id = await ask(page.request, `Who approves travel ${randomUUID().slice(0, 6)}?`);

  const other = await makeUser("Other");
  const context = await browser.newContext();
  try {
    await signInViaApi(context, other);
    const otherPage = await context.newPage();
    const theirs = await otherPage.goto(`/c/${id}`);
    expect(theirs?.status()).toBe(404);
    await expect(otherPage.getByTestId("not-found")).toBeVisible();
    const theirsText = await otherPage.getByTestId("not-found").innerText();
    expect(theirsText).not.toContain("travel");

    const unknown = await otherPage.goto(`/c/${randomUUID()}`);
    expect(unknown?.status()).toBe(404);
    expect(await otherPage.getByTestId("not-found").innerText()).toBe(theirsText);
    // Nor does the API tell them anything more.
    const api = await context.request.get(`${WEB_URL}/api/trpc/conversations.get`, {
      params: { input: JSON.stringify({ json: { id } }) },
      headers: { origin: WEB_URL, connection: "close" },
    });
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain("travel");
  } finally {
    await context.close();
  }
});

test("a question asked in the chat appears at once; the open one is marked; deleting it goes home, and undo reopens it", async ({
  employeePage: page,
}) => {
  const question = `How many days of annual leave do I get ${randomUUID().slice(0, 6)}?`;
  await page.goto("/");
  await page.getByTestId("composer-input").fill(question);
  await page.getByTestId("composer-send").click();
  await expect(page.getByTestId("message-assistant").last()).toHaveAttribute("data-status", "complete", { timeout: 20_000 });

  // The chat invalidates conversations.list: the sidebar shows the new conversation without a reload.
  const list = sidebar(page);
  const link = list.getByTestId("conversation-link").filter({ hasText: question });
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/c\/[^/]+$/);

  await page.goto(href!);
  await expect(link).toHaveAttribute("aria-current", "page");
  await expect(list.locator("[aria-current=page]")).toHaveCount(1);

  await link.hover();
  await list.getByRole("button", { name: `Delete “${question}”` }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(link).toHaveCount(0);
  await page.getByTestId("conversation-deleted").filter({ visible: true }).getByTestId("conversation-undo").click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(link).toHaveAttribute("aria-current", "page");
});
