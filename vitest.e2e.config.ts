import { defineConfig } from "vitest/config";

// End-to-end: real servers started from the tests, driven from Node (Playwright on Debian's Chromium, fetch).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
