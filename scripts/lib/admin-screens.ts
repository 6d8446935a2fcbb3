// The admin console's screens for `pnpm screenshots`: signs in as the demo admin, uploads a small batch (three
// pages of our own and a file that is not a PDF) and photographs every console page with real content — the
// upload with each file's outcome, a document's chunks, an example's Try it, the inbox holding the employee's
// thumbs-down, a prompt diff, the inspector's budget bar and the analytics charts.
import type { Browser, Page } from "@playwright/test";
import { DEMO_PASSWORDS } from "@lore/db/seed";

const DESKTOP = { width: 1280, height: 800 };

type Shoot = (page: Page, name: string, options?: { fullPage?: boolean }) => Promise<void>;

const UPLOAD = [
  {
    name: "parking-lisbon.md",
    text: "# Parking at the Lisbon office\n\nThe garage under the building has 24 spaces for staff. Book a space the day before in the room planner; spaces left at 10:00 are free for anyone.\n\n## Electric cars\n\nFour spaces have chargers. Unplug and move your car when it is full so a colleague can charge.",
  },
  {
    name: "visitor-policy.md",
    text: "# Visitors\n\nRegister visitors at reception by 17:00 the day before. Visitors wear a badge at all times and are accompanied outside the meeting rooms.",
  },
  {
    name: "printing.md",
    text: "# Printing\n\nPrint from any laptop to the queue `lore-print`; release the job at a printer with your badge. Colour printing needs a cost centre.",
  },
  { name: "board-minutes.pdf", text: "This file says it is a PDF but is not one." },
];

export async function adminScreens(browser: Browser, adminUrl: string, shoot: Shoot, theme: "light" | "dark" = "light") {
  const context = await browser.newContext({ baseURL: adminUrl, viewport: DESKTOP, deviceScaleFactor: 1, colorScheme: theme });
  const { hostname } = new URL(adminUrl);
  await context.addCookies([{ name: "lore-theme", value: theme, domain: hostname, path: "/" }]);
  const response = await context.request.post("/api/auth/sign-in/email", {
    data: { email: "admin@lore.local", password: DEMO_PASSWORDS.admin },
    headers: { origin: adminUrl },
  });
  if (!response.ok()) throw new Error(`sign-in as the demo admin failed: ${response.status()}`);
  const page = await context.newPage();
  const suffix = theme === "light" ? "" : `-${theme}`;

  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await shoot(page, `admin-dashboard${suffix}`);

  if (theme === "light") {
    await page.goto("/documents/upload");
    await page.getByTestId("upload-tags").fill("facilities");
    await page.getByTestId("upload-tags").press("Enter");
    await page.getByTestId("drop-zone-files").setInputFiles(
      UPLOAD.map((file) => ({
        name: file.name,
        mimeType: file.name.endsWith(".pdf") ? "application/pdf" : "text/markdown",
        buffer: Buffer.from(file.text),
      })),
    );
    await page.getByTestId("upload-start").click();
    await page
      .getByTestId("job-summary")
      .filter({ hasText: `${UPLOAD.length - 1} ready, 1 failed` })
      .waitFor({ timeout: 60_000 });
    await shoot(page, "admin-upload", { fullPage: true });
  }

  await page.goto("/documents");
  await page.getByTestId("document-row").first().waitFor();
  await shoot(page, `admin-documents${suffix}`);

  // A page with several chunks that the employee's answers cited.
  await page.getByTestId("documents-search").fill("Annual leave");
  await page.waitForURL(/q=Annual/); // the search is in the URL once applied (debounced)
  await page.getByTestId("document-row").filter({ hasText: "Annual leave" }).first().getByRole("link").click();
  await page.getByTestId("document-detail").waitFor();
  await page.getByTestId("tab-chunks").click();
  await page.getByTestId("chunk").first().waitFor();
  await shoot(page, `admin-document${suffix}`);

  await page.goto("/examples");
  await page.getByTestId("example-row").first().waitFor();
  await shoot(page, `admin-examples${suffix}`);

  await page.getByTestId("example-row").first().getByRole("link").first().click();
  const tryPanel = page.getByTestId("try-panel");
  await tryPanel.getByTestId("try-run").click();
  await tryPanel.getByTestId("try-candidate").first().waitFor();
  await tryPanel.scrollIntoViewIfNeeded();
  await shoot(page, `admin-example-try${suffix}`);

  await page.goto("/feedback");
  await page.waitForLoadState("networkidle");
  await shoot(page, `admin-feedback${suffix}`);

  await page.goto("/prompt");
  await page.waitForLoadState("networkidle");
  await shoot(page, `admin-prompt${suffix}`);

  await page.goto("/inspector");
  await page.getByTestId("inspector-question").fill("Can I carry over unused holiday to next year?");
  await page.getByTestId("inspector-ask").click();
  await page.getByTestId("inspector-budget").waitFor({ timeout: 30_000 });
  await shoot(page, `admin-inspector${suffix}`, { fullPage: true });

  await page.goto("/analytics");
  await page.waitForLoadState("networkidle");
  await page.locator(".recharts-surface").first().waitFor();
  await shoot(page, `admin-analytics${suffix}`, { fullPage: true });

  if (theme === "light") await evaluationScreens(page, shoot);

  for (const path of ["users", "audit", "exports"]) {
    await page.goto(`/${path}`);
    await page.waitForLoadState("networkidle");
    await shoot(page, `admin-${path}${suffix}`);
  }
  await context.close();
}

/** A small evaluation set on the demo wiki, its ladder run, the comparison and the best rung's page. */
async function evaluationScreens(page: Page, shoot: Shoot) {
  const cases = [
    {
      id: "leave-year",
      question: "When does the leave year run from and to?",
      answers: ["1 January to 31 December"],
      source_ids: ["annual-leave"],
    },
    {
      id: "carry-over",
      question: "How many unused holiday days can I carry over?",
      answers: ["up to 5 unused days"],
      source_ids: ["annual-leave"],
    },
    { id: "expenses", question: "How do I claim travel expenses?", answers: ["Ledgerline"], source_ids: ["expenses"] },
    { id: "canteen", question: "What is on the canteen menu on Fridays?", answers: [], source_ids: [], answerable: false },
  ];
  await page.goto("/evaluations");
  await page.getByTestId("eval-set-new").click();
  await page.getByTestId("eval-set-name").fill("Everyday questions");
  await page.getByTestId("eval-set-file").setInputFiles({
    name: "everyday.jsonl",
    mimeType: "application/jsonl",
    buffer: Buffer.from(cases.map((c) => JSON.stringify({ answerable: true, ...c })).join("\n")),
  });
  await page.getByTestId("eval-set-create").click();
  await page.getByTestId("eval-case-row").first().waitFor();
  await page.getByTestId("eval-run-ladder").click();
  await page.getByTestId("compare-table").waitFor();
  await page.getByTestId("compare-running").waitFor({ state: "hidden", timeout: 120_000 });
  await shoot(page, "admin-evaluations-compare", { fullPage: true });
  await page.getByRole("link", { name: /^5\. / }).first().click();
  await page.getByTestId("results-table").waitFor();
  await page.getByTestId("run-next-steps").getByText("Reading the figures").waitFor({ state: "hidden" });
  await shoot(page, "admin-evaluations-run", { fullPage: true });
  await page.goto("/evaluations");
  await page.waitForLoadState("networkidle");
  await shoot(page, "admin-evaluations");
}
