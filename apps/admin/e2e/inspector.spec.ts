import { expect, test } from "./fixtures";

test("the inspector answers as a user and shows the token budget bar and the retrieved chunks", async ({ adminPage: page, makeUser }) => {
  const employee = await makeUser("Inspected");
  await page.goto("/inspector");
  await page.getByTestId("inspector-question").fill("How many days of annual leave do I get?");
  await page.getByTestId("inspector-as").selectOption("user");
  await page.getByTestId("inspector-user-search").fill(employee.email);
  await expect(page.getByTestId("inspector-user")).toContainText(employee.email);
  await page.getByTestId("inspector-user").selectOption({ label: `${employee.name} (${employee.email})` });
  await page.getByTestId("inspector-ask").click();

  // The budget tab is first: the bar and its table equivalent.
  const budget = page.getByTestId("inspector-budget");
  await expect(budget).toBeVisible({ timeout: 30_000 });
  await expect(budget.getByTestId("budget-table")).toContainText("Sources");
  await expect(budget.getByTestId("budget-table")).toContainText("Reserved answer");
  await expect(page.getByTestId("inspector-answer")).not.toBeEmpty();

  await page.getByTestId("inspector-tab-retrievers").click();
  await expect(page.getByTestId("inspector-fused").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("inspector-vector").locator("tbody tr").first()).toBeVisible();

  await page.getByTestId("inspector-tab-messages").click();
  await expect(page.getByTestId("inspector-messages")).toContainText("would have been sent");
  await page.getByTestId("inspector-tab-latency").click();
  await expect(page.getByTestId("inspector-latency")).toContainText("Total");
});
