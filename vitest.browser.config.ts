import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./test/browser/chromium.js";

// The browser adapter in real Chromium (Debian's, never a Playwright download): real IndexedDB,
// BroadcastChannel, Web Locks and page lifecycle events.
export default defineConfig({
  // CommonJS dependencies are pre-bundled so the browser can import them.
  optimizeDeps: { include: ["idb-keyval"] },
  test: {
    include: ["test/browser/**/*.test.ts"],
    // Failure screenshots go with the other git-ignored test output.
    attachmentsDir: "test/artifacts/vitest-attachments",
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
      instances: [{ browser: "chromium" }],
      screenshotDirectory: "test/artifacts/browser-screenshots",
    },
  },
});
