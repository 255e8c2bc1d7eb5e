import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The edge service inside workerd (Miniflare): the real Worker, Durable Objects and SQLite.
// Tokens here are test fixtures, not secrets.
export default defineConfig({
  plugins: [
    cloudflareTest({
      main: "./worker/main.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        cf: false,
        bindings: {
          AUTH_TOKEN: "test-admin-token",
          TENANT_TOKENS: JSON.stringify({ acme: "acme-token", globex: "globex-token" }),
        },
      },
    }),
  ],
  test: {
    include: ["test/worker/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
