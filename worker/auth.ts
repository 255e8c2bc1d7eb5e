/** Where the service's bearer tokens come from: secrets, never `[vars]` or the repository. */
export interface AuthEnv {
  /** Opens every tenant. */
  AUTH_TOKEN?: string;
  /** JSON object `{ "<tenant>": "<token>" }`: each token opens only its tenant. */
  TENANT_TOKENS?: string;
}

export type AccessDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly status: 401 | 403 | 503; readonly reason: string; readonly message: string };

const ALLOWED: AccessDecision = { allowed: true };
// AUTH_TOKEN's holder: no tenant name can equal it.
const ADMIN = Symbol("AUTH_TOKEN");

/** Checks `Authorization: Bearer <token>` for `tenant`, comparing tokens as `holdersOf` does. */
export async function authorize(authorization: string | undefined, tenant: string, env: AuthEnv): Promise<AccessDecision> {
  const tenantTokens = parseTenantTokens(env.TENANT_TOKENS);
  if (tenantTokens === undefined) {
    return deny(503, "AUTH_MISCONFIGURED", 'TENANT_TOKENS must be a JSON object of non-empty strings, like {"acme":"<token>"}');
  }
  const adminToken = env.AUTH_TOKEN || undefined;
  if (adminToken === undefined && tenantTokens.size === 0) {
    return deny(503, "AUTH_NOT_CONFIGURED", "No AUTH_TOKEN or TENANT_TOKENS secret is configured; the service refuses every request");
  }
  const presented = bearerToken(authorization);
  if (presented === undefined) return deny(401, "UNAUTHENTICATED", "Send Authorization: Bearer <token>");
  const holders = await holdersOf<string | typeof ADMIN>(presented, adminToken === undefined ? tenantTokens : [[ADMIN, adminToken], ...tenantTokens]);
  const opensThisTenant = holders.includes(ADMIN) || holders.includes(tenant);
  const opensAnotherTenant = holders.some((name) => name !== ADMIN && name !== tenant);
  if (opensThisTenant) return ALLOWED;
  if (opensAnotherTenant) return deny(403, "PERMISSION_DENIED", `This token does not open tenant "${tenant}"`);
  return deny(401, "UNAUTHENTICATED", "The bearer token is not valid");
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization ?? "")?.[1];
}

/**
 * The names whose token is `presented`. Every token is compared, each in constant time over
 * SHA-256 digests, so timing reveals neither a token nor which one matched.
 */
export async function holdersOf<Name>(presented: string, tokens: Iterable<readonly [Name, string]>): Promise<Name[]> {
  const digested = await digest(presented);
  const holders: Name[] = [];
  for (const [name, token] of tokens) if (equalDigests(digested, await digest(token))) holders.push(name);
  return holders;
}

function deny(status: 401 | 403 | 503, reason: string, message: string): AccessDecision {
  return { allowed: false, status, reason, message };
}

/** undefined when the secret is malformed: refusing beats guessing. */
function parseTenantTokens(json: string | undefined): Map<string, string> | undefined {
  if (json === undefined || json === "") return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const tokens = new Map<string, string>();
  for (const [tenant, token] of Object.entries(parsed)) {
    if (typeof token !== "string" || token === "") return undefined;
    tokens.set(tenant, token);
  }
  return tokens;
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
