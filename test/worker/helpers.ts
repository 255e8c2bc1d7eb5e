import { createExecutionContext, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { HttpTaskStore, type FetchLike } from "../../src/index.js";
import worker from "../../worker/main.js";

export const ADMIN_TOKEN = "test-admin-token";
export const BASE_URL = "https://store.test";

/**
 * The Worker's own `fetch` (the module `SELF` serves), called in-process. SELF.fetch adds a
 * loopback hop whose per-request cost grows with every request a test file makes
 * (workers-sdk#15446), so request-heavy suites call the entry point directly.
 */
export const workerFetch = async (url: string, init?: RequestInit): Promise<Response> =>
  worker.fetch(new Request(url, init), env, createExecutionContext());

export const selfFetch = (url: string, init?: RequestInit): Promise<Response> => SELF.fetch(url, init);

let tenants = 0;
/** A tenant nobody used yet: its Durable Object starts empty. */
export function freshTenant(label = "t"): string {
  return `${label}-${(tenants++).toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}

export function httpStore(options: { tenant?: string; token?: string; fetch?: FetchLike } = {}): HttpTaskStore {
  return new HttpTaskStore({
    baseUrl: BASE_URL,
    tenant: options.tenant ?? freshTenant(),
    token: options.token ?? ADMIN_TOKEN,
    fetch: options.fetch ?? workerFetch,
  });
}

/** A request to the Worker, with the admin token unless `headers.authorization` says otherwise. */
export function call(
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
  fetcher: (url: string, init?: RequestInit) => Promise<Response> = workerFetch,
): Promise<Response> {
  return fetcher(`${BASE_URL}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...init.headers } });
}
