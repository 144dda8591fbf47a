import { expect, test, type Page } from "./fixtures";
import { signUp, uniqueEmail } from "./helpers";

// A console page that cannot be drawn: the error page keeps the sidebar and Sign out, says
// which page failed and with what error, and Reload brings the page back.

const sidebar = (page: Page, label: string) => page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: label, exact: true });

test("a page that fails keeps the shell, names the error, and Reload recovers", async ({ page, pageErrors }) => {
  await signUp(page, { email: uniqueEmail("error-page") });

  // The status arrives as a success without data: the status page cannot draw it.
  await page.route("**/v1/status", (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ success: true, data: null }) }));
  pageErrors.allowErrorBoundary();
  pageErrors.allowConsoleError(/reading 'status'/);
  await sidebar(page, "Status").click();

  const boundary = page.locator("[data-error-boundary]");
  await expect(boundary.getByRole("heading", { level: 1, name: "This page could not be shown" })).toBeVisible();
  await expect(boundary).toContainText("/status failed in the browser");
  await expect(page.getByTestId("error-message")).toHaveText("TypeError: Cannot read properties of null (reading 'status')");
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeEnabled();

  // The rest of the console still works from the sidebar.
  await sidebar(page, "Overview").click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(boundary).toHaveCount(0);

  // Once the server answers properly again, Reload shows the page.
  await sidebar(page, "Status").click();
  await expect(boundary).toBeVisible();
  await page.unroute("**/v1/status");
  await boundary.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Status" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Components" })).toBeVisible();
  await expect(boundary).toHaveCount(0);
});
