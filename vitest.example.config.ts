import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The example A2A agent inside workerd: @a2a-js/sdk's server and client, our store, real Durable Objects.
// Tokens here are test fixtures, not secrets.
export default defineConfig({
  plugins: [
    cloudflareTest({
      main: "./examples/a2a-agent/main.ts",
      wrangler: { configPath: "./examples/a2a-agent/wrangler.toml" },
      miniflare: {
        cf: false,
        bindings: { AGENT_USERS: JSON.stringify({ alice: "alice-token", bob: "bob-token" }) },
      },
    }),
  ],
  test: {
    include: ["test/example/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
