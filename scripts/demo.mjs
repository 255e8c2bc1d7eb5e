#!/usr/bin/env node
// `npm run demo`: serves web/demo on http://127.0.0.1:5173 (PORT to change it, 0 for any free
// port), bundling web/demo/main.ts with esbuild on every request so edits show on reload.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { build } from "esbuild";

const DEMO = new URL("../web/demo/", import.meta.url);
const FILES = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/style.css": ["style.css", "text/css; charset=utf-8"],
};

async function bundle() {
  const result = await build({
    entryPoints: [new URL("main.ts", DEMO).pathname],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    sourcemap: "inline",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

const server = createServer(async (request, response) => {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const send = (status, type, body) => {
    response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
    response.end(body);
  };
  try {
    if (path === "/main.js") return send(200, "text/javascript; charset=utf-8", await bundle());
    const file = FILES[path];
    if (!file) return send(404, "text/plain; charset=utf-8", "not found");
    send(200, file[1], await readFile(new URL(file[0], DEMO)));
  } catch (error) {
    send(500, "text/plain; charset=utf-8", `demo build failed:\n${error.message}`);
  }
});

server.listen(Number(process.env.PORT ?? 5173), "127.0.0.1", () => {
  console.log(`demo: http://127.0.0.1:${server.address().port}/`);
});
