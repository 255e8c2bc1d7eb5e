// How every test here launches Chromium: Debian's binary (never a Playwright download) with
// flags for a quiet, offline, sandbox-less CI machine. Playwright adds --headless and a fresh
// temporary --user-data-dir itself.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
