import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** An npm script's server (wrangler dev → workerd), started and stopped as a test needs it. */
export class DevServer {
  #child: ChildProcess | undefined;
  log = "";
  /** Picked at the first start, kept across restarts. */
  port = 0;

  constructor(
    readonly script: string,
    /** A path that answers 2xx once the server is up. */
    readonly readyPath: string,
    readonly env: Record<string, string>,
  ) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    // Its own process group (setsid), so stopping it takes wrangler and workerd down together.
    const child = spawn(process.execPath, [this.script], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...this.env, PORT: String(this.port), NO_COLOR: "1" },
    });
    this.#child = child;
    child.stdout!.on("data", (chunk) => (this.log += chunk));
    child.stderr!.on("data", (chunk) => (this.log += chunk));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.script} exited early:\n${this.log}`);
      try {
        if ((await fetch(`${this.origin}${this.readyPath}`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.script} did not answer ${this.readyPath} within 90 s:\n${this.log}`);
  }

  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    process.kill(-child.pid!, "SIGTERM");
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    // The port must be free again before the next start.
    for (let i = 0; i < 40; i++) {
      try {
        await fetch(`${this.origin}${this.readyPath}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      } catch {
        return;
      }
    }
  }
}

/** `script` on a free port with a state directory of its own, up for the test file's tests. */
export function useDevServer(script: string, readyPath: string, env: Record<string, string>): DevServer {
  const stateDir = mkdtempSync(join(tmpdir(), "a2a-task-store-e2e-"));
  const server = new DevServer(script, readyPath, { ...env, PERSIST_TO: stateDir });
  beforeAll(() => server.start(), 120_000);
  afterAll(async () => {
    await server.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }, 30_000);
  return server;
}
