// The only globals the core uses beyond ES2022. Every target runtime has them:
// browsers, Workers (workerd), Deno, Bun and Node >= 16.
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
// Only src/http-store.ts uses fetch; this is the slice of it that it needs.
declare function fetch(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; text(): Promise<string> }>;
