import { defineConfig } from "vitest/config";

// Node-side suites: the core and anything else that runs in plain Node.
export default defineConfig({
  test: {
    include: ["test/core/**/*.test.ts", "test/a2a-js/**/*.test.ts"],
    environment: "node",
  },
});
