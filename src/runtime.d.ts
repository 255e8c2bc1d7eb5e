// The only globals the core uses beyond ES2022. Every target runtime has them:
// browsers, Workers (workerd), Deno, Bun and Node >= 16.
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
