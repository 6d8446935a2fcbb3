import { randomUUID } from "node:crypto";

import { expectNoSeriousViolations } from "@lore/playwright/a11y";

import { ADMIN_URL, collectConsoleErrors, expect, signInViaApi, test, trpcCall, WEB_URL } from "./fixtures";

/**
 * Analytics shows what was just asked: an employee asks in the web app, then the admin's analytics page counts
 * the question, lists it among the recent questions (linking to its answer's trace) and, as nothing answers it,
 * among the knowledge gaps; the charts draw and have their table equivalents; the dashboard links there.
 */

const today = () => new Date().toISOString().slice(0, 10);
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

test("the analytics page shows the question just asked, its count and the charts with their tables", async ({
  adminPage: page,
  adminRequest,
  makeUser,
  browser,
}) => {
  test.slow();
  const errors = collectConsoleErrors(page);
  const before = await trpcCall(adminRequest, ADMIN_URL, "admin.analytics.summary", { from: today(), to: dayAfter(today()) }, "query");
  expect(before.status).toBe(200);
  const questionsBefore = (before.data as { totals: { questions: number } }).totals.questions;

  // An employee asks something the knowledge base cannot answer, in the web app.
  const tag = randomUUID().slice(0, 8);
  const question = `Which quokka-${tag} form do I file for the zephyr-${tag} allowance?`;
  const employee = await makeUser("Asker");
  const context = await browser.newContext();
  try {
    await signInViaApi(context, employee, WEB_URL);
    const web = await context.newPage();
    await web.goto(`${WEB_URL}/`);
    await web.getByTestId("composer-input").fill(question);
    await web.getByTestId("composer-input").press("Enter");
    await expect(web.getByTestId("message-assistant").last()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  } finally {
    await context.close();
  }

  await page.goto("/analytics?range=7");
  await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
  await expect(page.getByTestId("range-preset-7")).toHaveAttribute("aria-current", "page");

  // The count includes it (other tests may ask at the same time: at least one more).
  const total = Number((await page.getByTestId("total-questions-value").innerText()).replace(/\D/g, ""));
  expect(total).toBeGreaterThanOrEqual(questionsBefore + 1);

  // Recent questions list it, linked to its answer's trace in the inspector.
  const recent = page.getByTestId("recent-question").filter({ hasText: question });
  await expect(recent).toHaveCount(1);
  await expect(recent.getByRole("link", { name: question })).toHaveAttribute("href", /^\/inspector\/[\w-]+$/);
  await expect(recent).toContainText("Not found");

  // It is a knowledge gap, with the two ways to fill it.
  const gaps = page.getByTestId("knowledge-gaps");
  await expect(gaps).toContainText(`quokka-${tag}`, { timeout: 30_000 });
  const row = gaps.getByTestId("gap-row").filter({ hasText: `quokka-${tag}` });
  await expect(row.getByTestId("gap-add-example")).toHaveAttribute("href", /^\/examples\/new\?question=/);
  await expect(row.getByRole("link", { name: /^Write a page/ })).toHaveAttribute("href", "/documents/upload");

  // The charts draw (SVG, keyboard-focusable) and their tables hold one row per day of the range.
  for (const id of ["chart-questions", "chart-answers", "chart-ratings", "chart-outcomes"]) {
    await expect(page.getByTestId(id).locator("svg.recharts-surface").first()).toBeVisible();
  }
  const questionsTable = page.getByTestId("chart-questions-table");
  await expect(questionsTable.locator("tbody tr")).toHaveCount(7);
  await page.getByTestId("chart-questions-table-toggle").click();
  await expect(page.getByTestId("chart-questions-table-toggle")).toHaveAttribute("aria-expanded", "true");
  await expect(questionsTable.getByRole("table")).toBeVisible();
  const todayRow = questionsTable.locator("tbody tr").last();
  expect(Number(await todayRow.locator("td").first().innerText())).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("chart-outcomes-table")).toContainText("Not found");

  await expectNoSeriousViolations(page, "/analytics");

  // A custom range lands in the URL; a preset link goes back.
  await page.getByLabel("From", { exact: true }).fill(today());
  await page.getByLabel("To", { exact: true }).fill(today());
  await page.getByTestId("range-apply").click();
  await expect(page).toHaveURL(new RegExp(`/analytics\\?from=${today()}&to=${today()}$`));
  await expect(page.getByTestId("chart-questions-table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("recent-question").filter({ hasText: question })).toHaveCount(1);

  // The dashboard's headline links here.
  await page.goto("/");
  await expect(page.getByTestId("metric-questions")).toBeVisible();
  await page.getByTestId("metric-questions").getByRole("link", { name: "See analytics" }).click();
  await expect(page).toHaveURL(/\/analytics\?range=7$/);

  expect(errors.filter((e) => /Content.Security.Policy|refused/i.test(e))).toEqual([]);
});
