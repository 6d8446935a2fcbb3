import { randomUUID } from "node:crypto";

import type { Page } from "@playwright/test";

import { ADMIN_URL, DEMO_ADMIN, expect, signInViaApi, test, WEB_URL } from "./fixtures";

/**
 * The loop from what employees say to what the assistant learns: an employee rates an answer down in the web chat,
 * an admin turns it into an example with a corrected answer from the inbox, and the same question asked again is
 * answered with it. With the extractive default an example acts as a standard answer when the question's cosine
 * similarity reaches 0.9, so the employee asks the same question again.
 */

async function ask(page: Page, question: string) {
  const input = page.getByTestId("composer-input");
  await input.fill(question);
  await input.press("Enter");
  const answer = page.getByTestId("message-assistant").last();
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  return answer;
}

test("thumbs-down in the chat → example from the inbox → the chat answers with it", async ({ employeePage, browser }) => {
  const marker = randomUUID().slice(0, 8);
  const question = `How many days of annual leave do I get after five years at office ${marker}?`;
  const corrected = `After five years you get 27 days of annual leave (curated ${marker}).`;

  // 1. The employee asks and rates the answer down.
  await employeePage.goto(`${WEB_URL}/`);
  const first = await ask(employeePage, question);
  await expect(first.getByTestId("answer-text")).not.toContainText(corrected);
  await first.getByTestId("feedback-down").click();
  await first.getByTestId("feedback-comment").fill("It should give the number of days.");
  await first.getByTestId("feedback-save").click();
  await expect(first.getByTestId("feedback-form")).toBeHidden();

  // 2. The admin finds it in the inbox and turns it into an example with a corrected answer.
  const adminContext = await browser.newContext({ baseURL: ADMIN_URL });
  await signInViaApi(adminContext, DEMO_ADMIN);
  const admin = await adminContext.newPage();
  await admin.goto("/feedback");
  const item = admin.getByTestId("feedback-item").filter({ hasText: question });
  await expect(item.getByTestId("feedback-rating")).toHaveText("Thumbs down");
  await expect(item.getByTestId("feedback-comment")).toContainText("number of days");
  await expect(item.getByTestId("feedback-trace")).toHaveAttribute("href", /^\/inspector\/[\w-]+$/);
  await item.getByTestId("feedback-to-example").click();
  await expect(admin).toHaveURL(/\/examples\/new\?fromFeedback=/);
  await expect(admin.getByTestId("example-question")).toHaveValue(question);
  await expect(admin.getByTestId("example-answer")).toHaveValue("");
  await expect(admin.getByTestId("example-feedback-reference")).toBeVisible();
  await admin.getByTestId("example-answer").fill(corrected);
  await admin.getByTestId("example-save").click();
  await expect(admin).toHaveURL(/\/examples\/[\w-]+\?saved=1$/);

  // The inbox no longer lists it as to handle; it is under the converted ones.
  await admin.goto("/feedback");
  await expect(admin.getByTestId("feedback-item").filter({ hasText: question })).toHaveCount(0);
  await admin.goto("/feedback?status=converted");
  await expect(admin.getByTestId("feedback-item").filter({ hasText: question })).toBeVisible();
  await adminContext.close();

  // 3. The same question in a new chat is answered with the curated answer.
  await employeePage.goto(`${WEB_URL}/`);
  const second = await ask(employeePage, question);
  await expect(second.getByTestId("answer-text")).toContainText(corrected, { useInnerText: true });
});
