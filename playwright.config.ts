import { defineConfig } from "@playwright/test";

// Run by `npm test` (scripts/test.mjs), which starts `next start`, a worker and the fake
// Stripe, and passes their addresses in the environment. Debian's Chromium, never a
// downloaded browser (STACK-NOTES.md).
const baseURL = process.env.TESSERA_BASE_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: "e2e/console",
  testMatch: "**/*.spec.ts",
  // Two cores: one browser at a time keeps the worker's processing times sane.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? "test-results/playwright.json" }]],
  outputDir: "test-results/playwright",
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "off",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
});
