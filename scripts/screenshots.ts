// `pnpm screenshots`: the main screens of both apps as PNGs in docs/screenshots/, for the README. Starts the
// product on free ports (throw-away embedded database, demo company, production build) with a local fake
// OpenAI-compatible model that streams a cited answer, signs in as the demo employee and photographs: the chat with
// a cited answer, the citation hover card, the document viewer at the highlighted passage and the settings, in
// light and dark; the chat at phone width with the drawer closed and open; the chat in Vietnamese; a thumbs-down
// with a comment, for the admin's inbox. Then every admin console page, in light and dark (scripts/lib/admin-screens.ts).
// Device scale 1 keeps the files small. Needs the build lock on a shared machine (docs/benchmarks.md).
//
//   pnpm screenshots [--verbose]
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORDS } from "@lore/db/seed";
import { adminScreens } from "./lib/admin-screens";
import { startBenchStack, type FakeModel } from "./lib/bench-stack";
import { scriptSettings } from "./lib/env";
import { fail, log, ROOT } from "./lib/processes";

const { values: args } = parseArgs({ options: { verbose: { type: "boolean", default: false } } });
const OUT = join(ROOT, "docs/screenshots");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

const QUESTION_EN = "Can I carry over unused holiday to next year?";
const ANSWER_EN = [
  "Yes, **up to 5 days**. Carried-over days must be used by 31 March, or they are lost [1].",
  "\n\n- Any other unused days are lost on 31 December [1].",
  "\n- Unused leave is not paid out, except in your final pay when you leave [1].",
  "\n- Between 1 and 30 November you can buy up to 5 extra days for next year in PeopleHub [1].",
];
// About the seeded Vietnamese page (prisma/seed/wiki/vietnam-remote-team.md), so the answer matches its source.
const QUESTION_VI = "Nhóm Việt Nam được nghỉ Tết thêm mấy ngày?";
const ANSWER_VI = [
  "Nhóm Việt Nam nghỉ theo **lịch nghỉ lễ chính thức của Việt Nam** [1].",
  "\n\n- Dịp Tết Nguyên Đán, công ty cho nghỉ **thêm hai ngày** ngoài số ngày nghỉ chính thức [1].",
  "\n- Hãy ghi ngày nghỉ lễ vào lịch chung để đồng nghiệp ở Lisbon và Manchester biết [1].",
];

type Theme = "light" | "dark";

async function signedInContext(browser: Browser, webUrl: string, options: { theme: Theme; locale: "en" | "vi"; viewport: typeof DESKTOP }) {
  const context = await browser.newContext({
    baseURL: webUrl,
    viewport: options.viewport,
    deviceScaleFactor: 1,
    colorScheme: options.theme,
  });
  const { hostname } = new URL(webUrl);
  await context.addCookies([
    { name: "lore-theme", value: options.theme, domain: hostname, path: "/" },
    { name: "lore-locale", value: options.locale, domain: hostname, path: "/" },
  ]);
  const response = await context.request.post("/api/auth/sign-in/email", {
    data: { email: "employee@lore.local", password: DEMO_PASSWORDS.employee },
    headers: { origin: webUrl },
  });
  if (!response.ok()) throw new Error(`sign-in as the demo employee failed: ${response.status()}`);
  return context;
}

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  // Let transitions (hover card fade, drawer slide, smooth scroll) settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: options.fullPage ?? false });
  log(`saved docs/screenshots/${name}.png`);
}

async function ask(page: Page, question: string) {
  await page.goto("/");
  await page.getByTestId("composer-input").fill(question);
  await page.getByTestId("composer-input").press("Enter");
  await page.locator('[data-testid="message-assistant"][data-status="complete"]').last().waitFor({ timeout: 30_000 });
  await page.getByTestId("citation-chip").first().waitFor();
}

/** Chat, hover card, document viewer and settings in one theme; returns the conversation's URL. */
async function desktopScreens(context: BrowserContext, theme: Theme): Promise<string> {
  const page = await context.newPage();
  await page.goto("/");
  await page.getByTestId("composer-input").waitFor();
  await shoot(page, `chat-empty-${theme}`);

  await ask(page, QUESTION_EN);
  const conversationUrl = page.url();
  await page.mouse.move(0, 0);
  await shoot(page, `chat-${theme}`);

  // The card opens above its chip: the last chip leaves it room below the top of the page.
  const chip = page.getByTestId("citation-chip").last();
  await chip.scrollIntoViewIfNeeded();
  await chip.hover();
  await page.getByTestId("citation-card").last().waitFor({ state: "visible" });
  await shoot(page, `citation-hover-${theme}`);

  await chip.click();
  await page.getByTestId("document-viewer").waitFor();
  await page.locator('[data-highlighted="true"]').first().waitFor();
  await shoot(page, `document-${theme}`);

  await page.goto("/settings");
  await page.waitForLoadState("networkidle");
  await shoot(page, `settings-${theme}`);
  await page.close();
  return conversationUrl;
}

/** An employee rates an answer down with a comment: the admin inbox then has something to show. */
async function thumbsDown(browser: Browser, webUrl: string, model: FakeModel) {
  const context = await signedInContext(browser, webUrl, { theme: "light", locale: "en", viewport: DESKTOP });
  const page = await context.newPage();
  model.reply({ deltas: ["Expenses are claimed in PeopleHub [1]."] });
  await ask(page, "How long do I have to claim travel expenses?");
  const answer = page.getByTestId("message-assistant").last();
  await answer.getByTestId("feedback-down").click();
  await answer.getByTestId("feedback-comment").fill("It does not say how many days I have.");
  await answer.getByTestId("feedback-save").click();
  await answer.getByTestId("feedback-form").waitFor({ state: "hidden" });
  await context.close();
}

mkdirSync(OUT, { recursive: true });
const stack = await startBenchStack({ fakeModel: true, quiet: !args.verbose }).catch((error: unknown) =>
  fail(`could not start the product: ${error instanceof Error ? error.message : String(error)}`),
);
const model = stack.model!;
model.setDefaultReply({ deltas: ANSWER_EN });
log(`product up at ${stack.webUrl}`);
const browser = await chromium.launch({
  executablePath: scriptSettings().chromiumPath ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--font-render-hinting=none"],
});
let code = 0;
try {
  let conversationUrl = "/";
  for (const theme of ["light", "dark"] as const) {
    const context = await signedInContext(browser, stack.webUrl, { theme, locale: "en", viewport: DESKTOP });
    conversationUrl = await desktopScreens(context, theme);
    await context.close();
  }

  const phone = await signedInContext(browser, stack.webUrl, { theme: "light", locale: "en", viewport: PHONE });
  const page = await phone.newPage();
  await page.goto(conversationUrl);
  await page.locator('[data-testid="message-assistant"][data-status="complete"]').first().waitFor();
  await shoot(page, "phone-chat");
  await page.getByTestId("open-menu").click();
  await page.getByTestId("drawer").waitFor({ state: "visible" });
  await shoot(page, "phone-drawer");
  await phone.close();

  const vi = await signedInContext(browser, stack.webUrl, { theme: "light", locale: "vi", viewport: DESKTOP });
  const viPage = await vi.newPage();
  model.reply({ deltas: ANSWER_VI });
  await ask(viPage, QUESTION_VI);
  await viPage.mouse.move(0, 0);
  await shoot(viPage, "chat-vi");
  await vi.close();

  await thumbsDown(browser, stack.webUrl, model);
  for (const theme of ["light", "dark"] as const) await adminScreens(browser, stack.adminUrl, shoot, theme);
} catch (error) {
  log(`screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  code = 1;
} finally {
  await browser.close();
  await stack.stop();
}
process.exit(code);
