// The `test` every console spec uses: it fails a test when any page of it, in any browser
// context, throws an uncaught error (`pageerror`), shows an error boundary (the console's own
// or Next's "This page couldn't load"), or logs a console error the test did not announce
// with `pageErrors.allowConsoleError(/.../)`. A console that crashes on a click but passes
// its assertions by luck is exactly what the suite missed before.

import { test as base, type Browser, type BrowserContext, type Page } from "@playwright/test";

export { expect } from "@playwright/test";
export type { Locator, Page } from "@playwright/test";

export interface PageErrors {
  /**
   * Console errors matching this are expected (a 404 the test provokes, say). The pattern is
   * tested against "<message> <address>", e.g. "Failed to load resource: the server
   * responded with a status of 404 (Not Found) http://host/v1/media/med_1".
   */
  allowConsoleError(pattern: RegExp): void;
  /** The test shows an error boundary on purpose. */
  allowErrorBoundary(): void;
  /** What was seen so far (for a test that checks its own expectations). */
  readonly problems: readonly string[];
}

/** Marks the console's boundary (app/(console)/error.tsx) and Next's default error page. */
const BOUNDARY_SELECTOR = "[data-error-boundary], #__next_error__";
const BINDING = "__tesseraReportErrorBoundary";

// Runs in the page before its own scripts: reports every error boundary that appears.
function watchForBoundaries({ selector, binding }: { selector: string; binding: string }) {
  const seen = new WeakSet<Element>();
  const check = () => {
    for (const el of document.querySelectorAll(selector)) {
      if (seen.has(el)) continue;
      seen.add(el);
      const report = (window as unknown as Record<string, (text: string) => void>)[binding];
      // innerText: what a person reads (Next's error page carries its own <style>).
      const text = el instanceof HTMLElement ? el.innerText : (el.textContent ?? "");
      report?.(`${location.pathname}${location.search}: ${text.replace(/\s+/g, " ").trim().slice(0, 300)}`);
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", check);
}

export const test = base.extend<{ pageErrors: PageErrors }>({
  pageErrors: [
    async ({ browser, context, baseURL }, use) => {
      const problems: string[] = [];
      const allowed: RegExp[] = [];
      let boundaryAllowed = false;

      // Only Tessera's pages: the fake Stripe Checkout page is someone else's site.
      const origin = baseURL ? new URL(baseURL).origin : null;
      const ours = (page: Page) => !origin || page.url().startsWith(`${origin}/`) || page.url() === origin;
      const watchPage = (page: Page) => {
        page.on("pageerror", (error) => {
          if (ours(page)) problems.push(`uncaught error on ${page.url()}: ${error.message}`);
        });
        page.on("console", (message) => {
          if (message.type() !== "error" || !ours(page)) return;
          // Matched with the resource's address, so a test can allow one request's failure only.
          const where = message.location().url || page.url();
          const text = `${message.text()} ${where}`;
          if (allowed.some((pattern) => pattern.test(text))) return;
          problems.push(`console error on ${page.url()}: ${text}`);
        });
      };
      const watchContext = async (ctx: BrowserContext) => {
        await ctx.exposeBinding(BINDING, (_source, text: string) => {
          if (!boundaryAllowed) problems.push(`error boundary shown at ${text}`);
        });
        await ctx.addInitScript(watchForBoundaries, { selector: BOUNDARY_SELECTOR, binding: BINDING });
        ctx.pages().forEach(watchPage);
        ctx.on("page", watchPage);
      };

      // Contexts a test opens itself (a second account) are watched too.
      const original = { newContext: browser.newContext, newPage: browser.newPage };
      const patched = browser as Browser;
      patched.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const ctx = await original.newContext.apply(browser, args);
        await watchContext(ctx);
        return ctx;
      };
      patched.newPage = async (...args: Parameters<Browser["newPage"]>) => {
        const ctx = await patched.newContext(...args);
        const page = await ctx.newPage();
        page.once("close", () => void ctx.close());
        return page;
      };
      await watchContext(context);

      await use({
        allowConsoleError: (pattern) => allowed.push(pattern),
        allowErrorBoundary: () => {
          boundaryAllowed = true;
        },
        get problems() {
          return problems;
        },
      });

      patched.newContext = original.newContext;
      patched.newPage = original.newPage;
      if (problems.length) throw new Error(`The console misbehaved during this test:\n  - ${problems.join("\n  - ")}`);
    },
    { auto: true },
  ],
});
