import { A2AError } from "./errors.js";
import type { ListKey } from "./sorted-index.js";

const TOKEN_VERSION = "1";

/**
 * Page tokens are opaque to clients: a base64url cursor (the last task's list position) plus a
 * fingerprint of the filters it was issued for. A cursor is a position, not a task, so it stays
 * valid when that task is deleted.
 */
export function encodePageToken(cursor: ListKey, filterFingerprint: string): string {
  const text = `${TOKEN_VERSION}.${cursor.ms}.${cursor.ns}.${filterFingerprint}.${cursor.id}`;
  // btoa takes bytes as Latin-1: ASCII text (the usual id) is its own UTF-8, anything else is encoded first.
  let binary = text;
  if (!/^[\x00-\x7f]*$/.test(text)) {
    binary = "";
    for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  }
  // To base64url; a check before each rewrite is cheaper than regex replaces that rarely match.
  let token = btoa(binary);
  if (token.includes("+")) token = token.replaceAll("+", "-");
  if (token.includes("/")) token = token.replaceAll("/", "_");
  let end = token.length;
  while (token.charCodeAt(end - 1) === 61 /* = */) end--;
  return end === token.length ? token : token.slice(0, end);
}

export function decodePageToken(token: string, filterFingerprint: string): ListKey {
  const invalid = () => A2AError.invalidParams("Invalid pageToken", { field: "pageToken" });
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(token)) throw invalid();
  let text: string;
  try {
    const binary = atob(token.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalid();
  }
  const match = /^(\d+)\.(-?\d{1,16})\.(\d{1,6})\.([0-9a-z]+)\.([\s\S]+)$/.exec(text);
  if (!match || match[1] !== TOKEN_VERSION) throw invalid();
  const ms = Number(match[2]);
  const ns = Number(match[3]);
  if (!Number.isSafeInteger(ms) || ns > 999_999) throw invalid();
  if (match[4] !== filterFingerprint) {
    throw A2AError.invalidParams("pageToken was issued for different filters", { field: "pageToken" });
  }
  return { ms, ns, id: match[5]! };
}

/** FNV-1a over the canonical filter string, base36: short, and stable across runtimes. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
