import { defineConfig } from "vitest/config";

// The browser adapter in Node, on fake-indexeddb (installed as the global indexedDB).
export default defineConfig({
  test: {
    include: ["test/web/**/*.test.ts"],
    environment: "node",
    setupFiles: ["fake-indexeddb/auto"],
  },
});
