import type { Artifact, Message, Part, Task } from "@a2a-js/sdk";
import fc from "fast-check";

/** Tasks in @a2a-js/sdk's in-memory shape, covering every part kind, state and metadata shape. */

// The SDK's byte parts are Node Buffers (nodejs_compat on Workers); these files typecheck without Node's types too.
const { Buffer } = globalThis as unknown as { Buffer: { from(bytes: Uint8Array): never } };

// JSON text has no -0 (JSON.stringify writes 0): values as they survive the wire.
const json = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const metadata = fc.option(fc.dictionary(fc.string(), json), { nil: undefined });

export const part: fc.Arbitrary<Part> = fc.record({
  content: fc.oneof(
    fc.constant(undefined),
    fc.record({ $case: fc.constant("text" as const), value: fc.string({ unit: "grapheme" }) }),
    fc.record({ $case: fc.constant("raw" as const), value: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) }),
    fc.record({ $case: fc.constant("url" as const), value: fc.webUrl() }),
    fc.record({ $case: fc.constant("data" as const), value: json }),
    fc.record({ $case: fc.constant("data" as const), value: fc.constant(null) }),
  ),
  metadata,
  filename: fc.string(),
  mediaType: fc.constantFrom("", "text/plain", "application/json", "image/png"),
});

export const message: fc.Arbitrary<Message> = fc.record({
  messageId: fc.string(),
  contextId: fc.string(),
  taskId: fc.string(),
  role: fc.constantFrom(0, 1, 2),
  parts: fc.array(part, { maxLength: 3 }),
  metadata,
  extensions: fc.array(fc.webUrl(), { maxLength: 2 }),
  referenceTaskIds: fc.array(fc.string({ minLength: 1 }), { maxLength: 2 }),
});

export const artifact: fc.Arbitrary<Artifact> = fc.record({
  artifactId: fc.string(),
  name: fc.string(),
  description: fc.string(),
  parts: fc.array(part, { maxLength: 3 }),
  metadata,
  extensions: fc.array(fc.webUrl(), { maxLength: 2 }),
});

/** RFC 3339 times: any offset, 0 to 9 fractional digits. */
export const timestamp: fc.Arbitrary<string> = fc
  .record({
    date: fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-01-01T00:00:00Z"), noInvalidDate: true }),
    digits: fc.integer({ min: 0, max: 9 }),
    fraction: fc.integer({ min: 0, max: 999_999_999 }),
    offset: fc.constantFrom("Z", "+00:00", "+02:00", "-05:30", "+14:00"),
  })
  .map(({ date, digits, fraction, offset }) => {
    const base = date.toISOString().slice(0, 19);
    const frac = digits ? `.${String(fraction).padStart(9, "0").slice(0, digits)}` : "";
    return `${base}${frac}${offset}`;
  });

/** States a task can be stored in: every state but UNSPECIFIED. */
export const storableState = fc.integer({ min: 1, max: 8 });

export const task: fc.Arbitrary<Task> = fc.record({
  // HttpTaskStore refuses "." and "..": URLs resolve them as path steps.
  id: fc.string({ minLength: 1 }).filter((id) => id !== "." && id !== ".."),
  contextId: fc.string({ minLength: 1 }),
  status: fc.record({
    state: storableState,
    message: fc.option(message, { nil: undefined }),
    timestamp: fc.option(timestamp, { nil: undefined }),
  }),
  artifacts: fc.array(artifact, { maxLength: 3 }),
  history: fc.array(message, { maxLength: 4 }),
  metadata,
});
