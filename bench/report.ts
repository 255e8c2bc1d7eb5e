import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

/** What BENCHMARKS.md states about where a figure was measured. */
export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    execArgv: process.execArgv,
  };
}

/** Replaces what sits between `<!-- name:start -->` and `<!-- name:end -->`; leaves the file alone if absent. */
export function fillSection(file: string, name: string, content: string): void {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return;
  }
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return;
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${content}\n${text.slice(j)}`);
}


export function machineLine(env: ReturnType<typeof machine>, startedAt: Date): string {
  const load = loadavg().map((l) => l.toFixed(2)).join(" ");
  return `${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB, Node ${env.node} (V8 ${env.v8}), ${env.platform}; ${startedAt.toISOString().slice(0, 10)}; load average ${load} at the end`;
}
