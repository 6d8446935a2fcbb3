import { randomUUID } from "node:crypto";

import type { APIRequestContext } from "@playwright/test";

import { ADMIN_URL, expect, test, trpcCall, WEB_URL } from "./fixtures";

async function adminQuery<T>(admin: APIRequestContext, path: string, input: unknown): Promise<T> {
  const result = await trpcCall(admin, ADMIN_URL, path, input, "query");
  expect(result.status, `${path} failed: ${result.errorCode}`).toBe(200);
  return result.data as T;
}

/** Some other ready document than `id`, for ids that must not leak across documents. */
async function otherDocument(admin: APIRequestContext, id: string): Promise<{ id: string; currentVersion: { id: string } }> {
  const page = await adminQuery<{ items: Array<{ id: string; currentVersion: { id: string } | null }> }>(admin, "documents.list", {
    status: "ready",
    limit: 10,
  });
  const other = page.items.find((d) => d.id !== id && d.currentVersion !== null);
  expect(other).toBeTruthy();
  return other as { id: string; currentVersion: { id: string } };
}

/** A seeded document's id, by its exact title (the demo knowledge base, prisma/seed/manifest.json). */
async function documentId(admin: APIRequestContext, title: string): Promise<string> {
  const page = await adminQuery<{ items: Array<{ id: string; title: string }> }>(admin, "documents.list", { query: title, limit: 10 });
  const doc = page.items.find((d) => d.title === title);
  expect(doc, `no document titled "${title}"`).toBeTruthy();
  return doc!.id;
}

/** Imports a Markdown file through the admin API and waits for its job to finish. */
async function upload(admin: APIRequestContext, name: string, markdown: string): Promise<void> {
  const queued = await trpcCall(admin, ADMIN_URL, "documents.upload", {
    files: [{ name, data: Buffer.from(markdown).toString("base64") }],
  });
  expect(queued.status, `upload failed: ${queued.errorCode}`).toBe(200);
  const jobId = (queued.data as { jobId: string }).jobId;
  let job: { status: string; errors: unknown[] } | undefined;
  await expect
    .poll(
      async () => {
        job = await adminQuery(admin, "documents.jobs.get", { id: jobId });
        return job!.status;
      },
      { timeout: 60_000 },
    )
    .toBe("succeeded");
  expect(job!.errors).toEqual([]);
}

test("a readable seeded document renders sanitised, with heading anchors and its metadata", async ({
  employeePage: page,
  adminRequest,
}) => {
  const id = await documentId(adminRequest, "Annual leave and public holidays");
  await page.goto(`/docs/${id}`);
  const viewer = page.getByTestId("document-viewer");
  await expect(viewer.getByTestId("document-title")).toHaveText("Annual leave and public holidays");
  await expect(viewer.getByTestId("document-source")).toHaveAttribute("href", "https://wiki.halcyon.example/people/annual-leave");
  await expect(page.getByTestId("version-notice")).toHaveCount(0);

  // Every heading of the content has an id and a link to itself, and following it lands on the heading.
  const headings = viewer.locator(".lore-prose").locator("h1, h2, h3");
  expect(await headings.count()).toBeGreaterThan(1);
  const second = headings.nth(1);
  const anchorId = await second.getAttribute("id");
  expect(anchorId).toMatch(/^[\p{L}\p{N}-]+$/u);
  await expect(second.getByTestId("heading-anchor")).toHaveAttribute("href", `#${anchorId}`);
  await second.hover();
  await second.getByTestId("heading-anchor").click();
  await expect(page).toHaveURL(new RegExp(`#${anchorId}$`));
  await expect(second).toBeInViewport();
});

test("?chunk= highlights the cited passage, scrolls to it and moves focus there", async ({ employeePage: page, adminRequest }) => {
  const id = await documentId(adminRequest, "Annual leave and public holidays");
  const doc = await adminQuery<{ currentVersion: { id: string } }>(adminRequest, "documents.get", { id });
  const chunks = await adminQuery<{ items: Array<{ id: string; text: string }> }>(adminRequest, "documents.chunks", {
    versionId: doc.currentVersion.id,
    limit: 100,
  });
  expect(chunks.items.length).toBeGreaterThan(2);
  const chunk = chunks.items.at(-1)!; // the last passage: far enough down to need scrolling on a phone
  await page.setViewportSize({ width: 375, height: 700 });
  await page.goto(`/docs/${id}?chunk=${chunk.id}&version=${doc.currentVersion.id}`);

  const marked = page.getByTestId("document-viewer").locator('[data-highlighted="true"]');
  await expect(marked.first()).toBeVisible();
  await expect(marked.first()).toBeFocused();
  await expect(marked.first()).toBeInViewport();
  // The marked blocks are the chunk's: its longest word is in them.
  const word = [...chunk.text.matchAll(/\p{L}{5,}/gu)].map((m) => m[0]).sort((a, b) => b.length - a.length)[0]!;
  expect((await marked.allInnerTexts()).join(" ")).toContain(word);
  // The version is the current one: no notice.
  await expect(page.getByTestId("version-notice")).toHaveCount(0);

  // Another document's chunk highlights nothing here.
  const other = await otherDocument(adminRequest, id);
  const otherChunks = await adminQuery<{ items: Array<{ id: string }> }>(adminRequest, "documents.chunks", {
    versionId: other.currentVersion.id,
  });
  await page.goto(`/docs/${id}?chunk=${otherChunks.items[0]!.id}`);
  await expect(page.getByTestId("document-viewer")).toBeVisible();
  await expect(marked).toHaveCount(0);
});

test("?version= shows a past version with a notice linking to the current one", async ({ employeePage: page, adminRequest }) => {
  const tag = randomUUID().slice(0, 8);
  const name = `e2e-versions-${tag}.md`;
  await upload(adminRequest, name, `# Versions ${tag}\n\n## Rules\n\nThe old rule is ${tag}-one.\n`);
  await upload(adminRequest, name, `# Versions ${tag}\n\n## Rules\n\nThe new rule is ${tag}-two.\n`);
  const found = await adminQuery<{ items: Array<{ id: string }> }>(adminRequest, "documents.list", { query: tag, limit: 5 });
  expect(found.items).toHaveLength(1); // the second upload is a new version of the same document
  const id = found.items[0]!.id;
  const versions = await adminQuery<{ items: Array<{ id: string; version: number; isCurrent: boolean }> }>(
    adminRequest,
    "documents.versions",
    { id },
  );
  const past = versions.items.find((v) => !v.isCurrent)!;
  expect(past.version).toBe(1);

  await page.goto(`/docs/${id}?version=${past.id}`);
  const notice = page.getByTestId("version-notice");
  await expect(notice).toContainText("You are viewing version 1 from");
  await expect(page.getByTestId("document-viewer")).toContainText(`The old rule is ${tag}-one.`);
  await notice.getByTestId("current-version-link").click();
  await expect(page).toHaveURL(new RegExp(`/docs/${id}$`));
  await expect(page.getByTestId("version-notice")).toHaveCount(0);
  await expect(page.getByTestId("document-viewer")).toContainText(`The new rule is ${tag}-two.`);

  // A version of another document is not shown here: the same 404.
  const other = await otherDocument(adminRequest, id);
  const response = await page.goto(`/docs/${id}?version=${other.currentVersion.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
});

test("a document restricted to a group the employee is not in is the same 404 as an unknown id", async ({
  employeePage: page,
  adminRequest,
}) => {
  const restricted = await documentId(adminRequest, "Board meeting notes: Q3 2026");
  const hidden = await page.goto(`/docs/${restricted}`);
  const hiddenText = await page.getByTestId("not-found").innerText();
  const unknown = await page.goto(`/docs/${randomUUID()}`);
  const unknownText = await page.getByTestId("not-found").innerText();
  expect(hidden?.status()).toBe(404);
  expect(unknown?.status()).toBe(404);
  expect(hiddenText).toBe(unknownText);
  expect(await page.title()).not.toContain("Board");
  // And the API says the same.
  const viaApi = await trpcCall(page.request, WEB_URL, "documents.view", { id: restricted }, "query");
  expect(viaApi.errorCode).toBe("NOT_FOUND");
});
