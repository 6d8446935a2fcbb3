import { randomUUID } from "node:crypto";

import type { APIRequestContext, Page } from "@playwright/test";

import { ADMIN_URL, expect, test, trpcCall, WEB_URL } from "./fixtures";

/**
 * Access groups end to end, across both apps: a document an admin restricts to a group stops reaching an employee
 * outside it at once — not in an answer, not as a citation, not in the document viewer — while a member of the
 * group still gets all three.
 */

async function adminCall<T>(admin: APIRequestContext, path: string, input: unknown, type: "query" | "mutation" = "mutation"): Promise<T> {
  const result = await trpcCall(admin, ADMIN_URL, path, input, type);
  expect(result.status, `${path} failed: ${result.errorCode}`).toBe(200);
  return result.data as T;
}

/** Imports one Markdown page through the admin API and waits until it is searchable; returns its id. */
async function importPage(admin: APIRequestContext, name: string, markdown: string): Promise<string> {
  const { jobId } = await adminCall<{ jobId: string }>(admin, "documents.upload", {
    files: [{ name, data: Buffer.from(markdown).toString("base64") }],
  });
  await expect
    .poll(async () => (await adminCall<{ status: string }>(admin, "documents.jobs.get", { id: jobId }, "query")).status, {
      timeout: 60_000,
    })
    .toBe("succeeded");
  const title = markdown.split("\n")[0]!.replace(/^# /, "");
  const list = await adminCall<{ items: Array<{ id: string; title: string }> }>(
    admin,
    "documents.list",
    { query: title, limit: 5 },
    "query",
  );
  const doc = list.items.find((d) => d.title === title);
  expect(doc, `the imported page "${title}" is not listed`).toBeTruthy();
  return doc!.id;
}

/** Asks in a new conversation of the web app and waits for the whole answer. */
async function ask(page: Page, question: string) {
  await page.goto(`${WEB_URL}/`);
  const input = page.getByTestId("composer-input");
  await input.fill(question);
  await input.press("Enter");
  const answer = page.getByTestId("message-assistant").last();
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  return answer;
}

test("a document restricted to a group disappears for an employee outside it: answer, citation and viewer", async ({
  adminRequest,
  employeePage: outsider,
  makeUser,
  browser,
}) => {
  test.slow();
  const tag = randomUUID().slice(0, 8);
  const title = `Courier accounts ${tag}`;
  const code = `CX-${tag}`;
  const question = `Which courier account code do we use for ${tag} parcels?`;
  const id = await importPage(
    adminRequest,
    `courier-${tag}.md`,
    `# ${title}\n\nParcels for ${tag} go out on the courier account code ${code}. Book them before three in the afternoon.\n`,
  );

  // Readable by everyone: the outsider is answered from it, with a citation that opens it.
  let answer = await ask(outsider, question);
  await expect(answer).toContainText(code);
  await expect(answer.locator(`a[data-testid="citation-chip"][href*="/docs/${id}"]`).first()).toBeVisible();
  expect((await outsider.goto(`${WEB_URL}/docs/${id}`))?.status()).toBe(200);
  await expect(outsider.getByTestId("document-viewer")).toContainText(code);

  // The admin restricts it to a new group with one member.
  const group = `couriers-${tag}`;
  const created = await adminCall<{ id: string }>(adminRequest, "admin.groups.create", { name: group });
  const member = await makeUser("Courier");
  await adminCall(adminRequest, "admin.groups.addMember", { groupId: created.id, userId: member.id });
  await adminCall(adminRequest, "documents.setAccess", { id, groups: [group] });

  // The outsider: no answer from it, no citation of it, and the viewer is the plain 404.
  answer = await ask(outsider, question);
  await expect(answer).not.toContainText(code);
  await expect(answer.locator(`a[href*="/docs/${id}"]`)).toHaveCount(0);
  expect((await outsider.goto(`${WEB_URL}/docs/${id}`))?.status()).toBe(404);
  await expect(outsider.getByTestId("not-found")).toBeVisible();
  await expect(outsider.getByText(code)).toHaveCount(0);

  // The member still gets all three.
  const context = await browser.newContext();
  try {
    const signIn = await context.request.post(`${WEB_URL}/api/auth/sign-in/email`, {
      data: { email: member.email, password: member.password },
      headers: { origin: WEB_URL, connection: "close" },
    });
    expect(signIn.ok()).toBe(true);
    const memberPage = await context.newPage();
    answer = await ask(memberPage, question);
    await expect(answer).toContainText(code);
    expect((await memberPage.goto(`${WEB_URL}/docs/${id}`))?.status()).toBe(200);
    await expect(memberPage.getByTestId("document-viewer")).toContainText(code);
  } finally {
    await context.close();
  }
});
