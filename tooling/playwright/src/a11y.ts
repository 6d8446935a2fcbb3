import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is and fails with each serious or critical rule, its
 * help and the offending nodes. Both apps' accessibility suites use it; minor and moderate findings are left to
 * review, as the issues ask for "no serious or critical violations".
 */
export async function expectNoSeriousViolations(page: Page, where: string) {
  const { violations, passes } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  // Guards against a vacuous pass (axe run on an empty or error page).
  expect(passes.length, `axe checked nothing on ${where}`).toBeGreaterThan(10);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
  expect(report, `axe on ${where}`).toEqual([]);
}
