import { expectNoSeriousViolations } from "@lore/playwright/a11y";

import { CONSOLE_PAGES } from "./console-pages";
import { expect, test } from "./fixtures";

/**
 * Automated accessibility checks (axe-core, WCAG 2.1 A and AA): no serious or critical violation on any console
 * page, at a laptop's width in both colour schemes (pages follow the system's) and at a tablet's.
 */
const runs = [
  { name: "1280 px", viewport: { width: 1280, height: 800 }, schemes: ["light", "dark"] },
  { name: "tablet", viewport: { width: 820, height: 1180 }, schemes: ["light"] },
] as const;

for (const { name, viewport, schemes } of runs) {
  for (const colorScheme of schemes) {
    test.describe(`${name}, ${colorScheme}`, () => {
      test.use({ viewport, colorScheme });

      for (const path of CONSOLE_PAGES) {
        test(`${path} has no serious accessibility violation (${name}, ${colorScheme})`, async ({ adminPage: page }) => {
          const response = await page.goto(path);
          expect(response?.status(), path).toBe(200);
          await page.waitForLoadState("networkidle");
          await expect(page.getByTestId("app-shell")).toBeVisible();
          await expectNoSeriousViolations(page, `${path} (${name}, ${colorScheme})`);
          // Nothing wider than the viewport: the page is usable without scrolling sideways.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${path} scrolls sideways at ${name}`).toBeLessThanOrEqual(0);
        });
      }
    });
  }
}
