import { expectNoSeriousViolations } from "@lore/playwright/a11y";
import type { BrowserContext, Page } from "@playwright/test";

import { expect, test, WEB_URL } from "./fixtures";

/**
 * Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules): no serious or critical violation on the chat
 * (empty and with a cited answer), a document page and the settings, in light and dark at desktop width, and on
 * the chat at phone width with the drawer open. Keyboard use and the live region have their own tests.
 */

type Theme = "light" | "dark";

async function useTheme(context: BrowserContext, theme: Theme) {
  await context.addCookies([{ name: "lore-theme", value: theme, url: WEB_URL }]);
}

/** Asks a question about a seeded public page and waits until the answer, with its citations, is complete. */
async function askWithCitation(page: Page) {
  await page.goto("/");
  await page.getByTestId("composer-input").fill("Can I carry over unused holiday to next year?");
  await page.getByTestId("composer-input").press("Enter");
  await expect(page.getByTestId("message-assistant").last()).toHaveAttribute("data-status", "complete", { timeout: 20_000 });
  await expect(page.getByTestId("citation-chip").first()).toBeVisible();
}

for (const theme of ["light", "dark"] as const) {
  test.describe(`${theme} theme`, () => {
    test.beforeEach(async ({ context }) => useTheme(context, theme));

    test(`the empty chat has no serious accessibility violation (${theme})`, async ({ employeePage: page }) => {
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.getByTestId("composer-input")).toBeVisible();
      await expectNoSeriousViolations(page, `the empty chat (${theme})`);
    });

    test(`a cited answer and its document have no serious accessibility violation (${theme})`, async ({ employeePage: page }) => {
      await askWithCitation(page);
      await expectNoSeriousViolations(page, `the chat with a cited answer (${theme})`);

      // The passage card a focused citation shows.
      await page.getByTestId("citation-chip").last().focus();
      await expect(page.getByTestId("citation-card").last()).toBeVisible();
      await expectNoSeriousViolations(page, `a citation's hover card (${theme})`);

      await page.getByTestId("citation-chip").first().click();
      await expect(page.getByTestId("document-viewer")).toBeVisible();
      await expect(page.locator('[data-highlighted="true"]').first()).toBeVisible();
      await expectNoSeriousViolations(page, `the document viewer (${theme})`);
    });

    test(`the settings have no serious accessibility violation (${theme})`, async ({ employeePage: page }) => {
      await page.goto("/settings");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await page.waitForLoadState("networkidle");
      await expect(page.getByTestId("not-found")).toHaveCount(0);
      await expectNoSeriousViolations(page, `the settings (${theme})`);
    });
  });
}

test.describe("phone width", () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test("the chat at 375 px has no serious accessibility violation, drawer closed or open", async ({ employeePage: page }) => {
    await askWithCitation(page);
    await expectNoSeriousViolations(page, "the chat at 375 px");

    await page.getByTestId("open-menu").click();
    await expect(page.getByTestId("drawer")).toBeVisible();
    await expectNoSeriousViolations(page, "the chat at 375 px with the drawer open");
  });
});
