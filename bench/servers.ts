import { spawn } from "node:child_process";

export interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

const running = new Set<Server>();
// workerd outlives a killed wrangler unless its whole process group goes.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await Promise.all([...running].map((s) => s.stop()));
    process.exit(130);
  });
}

/**
 * Starts `wrangler dev` in its own process group (detached: setsid) and resolves once `readyPath`
 * answers. stop() kills the group: wrangler, esbuild and workerd together.
 */
export async function startWrangler(options: {
  cwd: string;
  config: string;
  port: number;
  readyPath: string;
  vars?: Record<string, string>;
  persistTo?: string;
}): Promise<Server> {
  const args = [
    "wrangler", "dev", "--local",
    "--config", options.config,
    "--ip", "127.0.0.1",
    "--port", String(options.port),
    "--inspector-port", String(options.port + 1000),
    "--show-interactive-dev-session=false",
    "--log-level", "warn",
    ...Object.entries(options.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ...(options.persistTo ? ["--persist-to", options.persistTo] : []),
  ];
  const child = spawn("npx", args, {
    cwd: options.cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${options.port}`;
  const server: Server = {
    url,
    async stop() {
      running.delete(server);
      if (exited) return;
      const group = -child.pid!;
      try {
        process.kill(group, "SIGTERM");
      } catch {
        return;
      }
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000));
      if (!(await Promise.race([exit.then(() => true), timeout]))) {
        try {
          process.kill(group, "SIGKILL");
        } catch {
          // already gone
        }
      }
    },
  };
  running.add(server);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`wrangler dev (${options.config}) exited:\n${output}`);
    try {
      const response = await fetch(url + options.readyPath);
      await response.arrayBuffer();
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`wrangler dev (${options.config}) did not answer ${options.readyPath} within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
