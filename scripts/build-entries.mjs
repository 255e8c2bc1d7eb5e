#!/usr/bin/env node
// Builds the `a2a-task-store/browser` and `a2a-task-store/a2a-js` entries after the core
// (`tsc -p tsconfig.core.json` → dist/). The adapters import the core from ../src in the repo; the
// build points that import at the core's own entry (./index.js), so an app that uses several
// entries loads the core once.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { build } from "esbuild";

const coreAsPackageEntry = {
  name: "core-as-package-entry",
  setup(b) {
    b.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: "./index.js", external: true }));
  },
};
const common = { bundle: true, format: "esm", target: "es2022", plugins: [coreAsPackageEntry] };

await build({ ...common, entryPoints: ["web/index.ts"], outfile: "dist/browser.js", platform: "browser", external: ["idb-keyval"] });
await build({ ...common, entryPoints: ["a2a-js/index.ts"], outfile: "dist/a2a-js.js", platform: "neutral", external: ["@a2a-js/sdk", "@a2a-js/sdk/*"] });

// Declarations: dist/types/{web,a2a-js}/*.d.ts (their core types come along in dist/types/src).
const declarations = [
  ["-p", "tsconfig.web.json", "--noEmit", "false"],
  ["a2a-js/index.ts", "--target", "ES2022", "--module", "ESNext", "--moduleResolution", "Bundler", "--strict", "--skipLibCheck", "--types", "node", "--rootDir", "."],
];
for (const args of declarations) {
  const tsc = spawnSync("npx", ["tsc", ...args, "--declaration", "--emitDeclarationOnly", "--outDir", "dist/types"], { stdio: "inherit" });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
rmSync("dist/types/web/demo", { recursive: true, force: true });
