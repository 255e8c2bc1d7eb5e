import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";

// The browser adapter in real Chromium (Debian's, never a Playwright download): real IndexedDB,
// BroadcastChannel, Web Locks and page lifecycle events.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  // CommonJS dependencies are pre-bundled so the browser can import them.
  optimizeDeps: { include: ["idb-keyval", "sorted-btree"] },
  test: {
    include: ["test/browser/**/*.test.ts"],
    browser: {
      enabled: true,
      headless: true,
      // Playwright gives each run a fresh temporary profile (--user-data-dir) and adds --headless.
      provider: playwright({
        launchOptions: { executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS },
      }),
      instances: [{ browser: "chromium" }],
    },
  },
});
