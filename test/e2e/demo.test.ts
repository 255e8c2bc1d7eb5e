import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../browser/chromium.js";


let server: ChildProcess;
let url: string;
let browser: Browser;

beforeAll(async () => {
  // `npm run demo` as a user starts it, in its own process group so the whole group can be killed.
  server = spawn(process.execPath, ["scripts/demo.mjs"], { env: { ...process.env, PORT: "0" }, detached: true, stdio: ["ignore", "pipe", "inherit"] });
  url = await new Promise<string>((resolve, reject) => {
    server.once("exit", (code) => reject(new Error(`demo server exited with ${code}`)));
    server.stdout!.on("data", (chunk: Buffer) => {
      const match = /demo: (http:\/\/\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
  });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
});

async function openDemo(page: Page): Promise<void> {
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
}

const rowIds = (page: Page) => page.locator("[data-testid=rows] tr[data-task-id]").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.taskId!));
const column = (page: Page, col: string) => page.locator(`[data-testid=rows] td[data-col=${col}]`).allTextContents();

async function allIdsByPaging(page: Page): Promise<string[]> {
  const ids = [...(await rowIds(page))];
  while (await page.locator("[data-testid=next-page]").isEnabled()) {
    const before = await page.locator("[data-testid=page-info]").textContent();
    await page.click("[data-testid=next-page]");
    await page.waitForFunction((text) => document.querySelector("[data-testid=page-info]")!.textContent !== text, before);
    ids.push(...(await rowIds(page)));
  }
  return ids;
}

describe("demo page (npm run demo, real Chromium)", () => {
  it("creates tasks, filters, pages forward and back, and finds the same tasks after a reload", async () => {
    const context = await browser.newContext({ viewport: { width: 1180, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await openDemo(page);
    await expect(page.locator("[data-testid=count-total]").textContent()).resolves.toBe("0");

    // The agent creates 6 tasks per run and moves each through the A2A states.
    for (let run = 0; run < 2; run++) {
      await page.click("#run-agent");
      await page.waitForFunction(() => document.querySelector("[data-testid=activity]")!.textContent!.startsWith("Agent idle"));
    }
    await page.waitForFunction(() => document.querySelector("[data-testid=count-total]")!.textContent === "12");
    await page.waitForFunction(() => !document.querySelector("[data-testid=rows]")!.textContent!.includes("Working on it"));

    // Page 1 holds 8, page 2 the other 4; Previous brings back exactly page 1.
    const firstPage = await rowIds(page);
    expect(firstPage).toHaveLength(8);
    await expect(page.locator("[data-testid=page-info]").textContent()).resolves.toBe("Page 1 · 1–8 of 12");
    await page.click("[data-testid=next-page]");
    await page.waitForFunction(() => document.querySelector("[data-testid=page-info]")!.textContent!.startsWith("Page 2"));
    const secondPage = await rowIds(page);
    expect(secondPage).toHaveLength(4);
    expect(new Set([...firstPage, ...secondPage]).size).toBe(12);
    await expect(page.locator("[data-testid=next-page]").isDisabled()).resolves.toBe(true);
    await page.click("[data-testid=prev-page]");
    await page.waitForFunction(() => document.querySelector("[data-testid=page-info]")!.textContent!.startsWith("Page 1"));
    expect(await rowIds(page)).toEqual(firstPage);

    // Filters: context, state, and both; each row shown matches.
    await page.selectOption("[data-testid=filter-context]", "code-review");
    await page.waitForFunction(() => document.querySelector("[data-testid=page-info]")!.textContent!.endsWith("of 4"));
    expect(new Set(await column(page, "context"))).toEqual(new Set(["code-review"]));
    await page.selectOption("[data-testid=filter-context]", "");
    await page.selectOption("[data-testid=filter-state]", "TASK_STATE_COMPLETED");
    await page.waitForFunction(() => document.querySelector("[data-testid=page-info]")!.textContent!.endsWith("of 6"));
    expect(new Set(await column(page, "state"))).toEqual(new Set(["completed"]));
    await page.selectOption("[data-testid=filter-context]", "trip-planner");
    await page.waitForFunction(() => document.querySelector("[data-testid=page-info]")!.textContent!.endsWith("of 2"));
    expect(await column(page, "context")).toEqual(["trip-planner", "trip-planner"]);
    // "Updated after" a time in the future matches nothing.
    await page.click("#clear-filters");
    await page.fill("[data-testid=filter-after]", "2999-01-01T00:00:00");
    await page.waitForFunction(() => document.querySelector("[data-testid=page-info]")!.textContent === "No tasks");
    await page.click("#clear-filters");
    await page.waitForFunction(() => document.querySelector("[data-testid=page-info]")!.textContent!.endsWith("of 12"));

    // Reload: everything comes back from IndexedDB, in the same order.
    const before = await allIdsByPaging(page);
    const tasksBefore = await page.evaluate(() => document.querySelector("[data-testid=rows]")!.textContent);
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    await expect(page.locator("[data-testid=activity]").textContent()).resolves.toMatch(/^Restored 12 tasks from IndexedDB/);
    await expect(page.locator("[data-testid=count-total]").textContent()).resolves.toBe("12");
    expect(await allIdsByPaging(page)).toEqual(before);
    expect(await page.evaluate(() => document.querySelector("[data-testid=rows]")!.textContent)).toBe(tasksBefore);

    // Eviction runs from the page (nothing is old enough to go yet).
    await page.click("#run-eviction");
    await page.waitForFunction(() => document.querySelector("[data-testid=activity]")!.textContent === "Eviction: 0 expired, 0 over capacity");

    await page.click("[data-testid=prev-page]");
    await page.waitForFunction(() => document.querySelector("[data-testid=page-info]")!.textContent!.startsWith("Page 1"));
    mkdirSync("test/artifacts", { recursive: true });
    await page.screenshot({ path: "test/artifacts/demo.png", fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it("shows a task saved in one tab in the other tab without a reload", async () => {
    const context = await browser.newContext();
    const [first, second] = [await context.newPage(), await context.newPage()];
    await openDemo(first);
    await openDemo(second);
    const total = Number(await second.locator("[data-testid=count-total]").textContent());
    await first.click("#run-agent");
    await second.waitForFunction((n) => document.querySelector("[data-testid=count-total]")!.textContent === String(n), total + 6);
    await context.close();
  }, 60_000);
});
