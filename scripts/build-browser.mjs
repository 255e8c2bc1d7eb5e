#!/usr/bin/env node
// Builds the `a2a-task-store/browser` entry after the core (`tsc -p tsconfig.core.json` → dist/).
// The adapter imports the core from ../src in the repo; the build points that import at the
// core's own entry (./index.js), so an app that uses both entries loads the core once.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { build } from "esbuild";

await build({
  entryPoints: ["web/index.ts"],
  outfile: "dist/browser.js",
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  external: ["idb-keyval"],
  plugins: [
    {
      name: "core-as-package-entry",
      setup(b) {
        b.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: "./index.js", external: true }));
      },
    },
  ],
});

// Declarations: dist/types/web/*.d.ts (their core types come along in dist/types/src).
const tsc = spawnSync(
  "npx",
  ["tsc", "-p", "tsconfig.web.json", "--noEmit", "false", "--declaration", "--emitDeclarationOnly", "--outDir", "dist/types"],
  { stdio: "inherit" },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
rmSync("dist/types/web/demo", { recursive: true, force: true });
