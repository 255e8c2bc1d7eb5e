import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { A2AError, isTerminalState, normalizeTaskState, parseTimestamp } from "../../src/index.js";
import { decodePageToken, encodePageToken } from "../../src/page-token.js";

describe("parseTimestamp", () => {
  it("agrees with Date.parse on millisecond UTC times", () => {
    for (const text of ["2026-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z", "2024-02-29T12:00:00.5Z", "1969-07-20T20:17:40Z"]) {
      expect(parseTimestamp(text)).toEqual({ ms: Date.parse(text), ns: parseTimestamp(text)!.ns });
    }
  });

  it("applies offsets and keeps nanoseconds", () => {
    expect(parseTimestamp("2026-01-01T02:00:00+02:00")!.ms).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(parseTimestamp("2026-01-01T00:00:00-05:30")!.ms).toBe(Date.parse("2026-01-01T05:30:00Z"));
    expect(parseTimestamp("2026-01-01T00:00:00.123456789Z")).toEqual({ ms: Date.parse("2026-01-01T00:00:00.123Z"), ns: 456789 });
    expect(parseTimestamp("2026-01-01t00:00:00.1z")).toEqual({ ms: Date.parse("2026-01-01T00:00:00.100Z"), ns: 0 });
  });

  it("rejects what RFC 3339 does not allow", () => {
    for (const bad of [
      "2026-01-01", "2026-01-01T00:00Z", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
      "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z",
      "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00+2:00", " 2026-01-01T00:00:00Z", 1700000000, null,
    ]) {
      expect(parseTimestamp(bad), String(bad)).toBeUndefined();
    }
  });
});

describe("parseTimestamp fast path", () => {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  // `…Z` strings take the fast path; the same instant written `+00:00` takes the regex path.
  const agree = (text: string) => expect(parseTimestamp(text), text).toEqual(parseTimestamp(`${text.slice(0, -1)}+00:00`));

  it("agrees with the general parser on every UTC date-time, valid or not", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.stringMatching(/^(\.\d{1,9})?$/),
        (y, mo, d, h, mi, s, fraction) => {
          agree(`${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction}Z`);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("agrees on leap days, leap seconds and the ends of the range", () => {
    for (const text of [
      "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2024-02-29T23:59:60.999999999Z", "1999-12-31T23:59:60Z",
      "0000-01-01T00:00:00Z", "0000-02-29T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z",
    ]) {
      agree(text);
      expect(parseTimestamp(text), text).toEqual(parseTimestamp(text.replace("T", "t")));
    }
    expect(parseTimestamp("2024-02-29T23:59:60Z")).toEqual({ ms: Date.parse("2024-03-01T00:00:00Z"), ns: 0 });
  });

  it("agrees on near misses of the UTC form", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), fc.nat(22), fc.constantFrom(..."09-:.TtZz +x"), (date, at, c) => {
        const text = date.toISOString();
        agree(text.slice(0, at) + c + text.slice(at + 1));
        agree(text.slice(0, at) + c + text.slice(at));
        agree(text.slice(0, at) + text.slice(at + 1));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("task states", () => {
  it("knows the terminal states, in v1 and v0.3 names", () => {
    const terminal = ["TASK_STATE_COMPLETED", "TASK_STATE_FAILED", "TASK_STATE_CANCELED", "TASK_STATE_REJECTED", "completed", "rejected"];
    for (const s of terminal) expect(isTerminalState(s), s).toBe(true);
    for (const s of ["TASK_STATE_WORKING", "TASK_STATE_INPUT_REQUIRED", "TASK_STATE_AUTH_REQUIRED", "TASK_STATE_SUBMITTED", "working", "nope"]) {
      expect(isTerminalState(s), s).toBe(false);
    }
    expect(normalizeTaskState("auth-required")).toBe("TASK_STATE_AUTH_REQUIRED");
    expect(normalizeTaskState("Completed")).toBeUndefined();
  });
});

describe("page tokens", () => {
  it("encodes exactly as base64url of the UTF-8 text, unpadded", () => {
    const reference = (text: string) => {
      let binary = "";
      for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
      return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    };
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 999_999 }), fc.string({ unit: "grapheme", minLength: 1 }), fc.string({ minLength: 1 }), (ms, ns, id, asciiId) => {
        for (const cursor of [{ ms, ns, id }, { ms, ns, id: asciiId }]) {
          const token = encodePageToken(cursor, "k3x");
          expect(token).toBe(reference(`1.${ms}.${ns}.k3x.${cursor.id}`));
          expect(decodePageToken(token, "k3x")).toEqual(cursor);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("round-trips a cursor, including non-ASCII ids, as URL-safe text", () => {
    const cursor = { ms: -12_345, ns: 999_999, id: "tâche/😀?&=" };
    const token = encodePageToken(cursor, "abc");
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token, "abc")).toEqual(cursor);
  });

  it("rejects a token issued for other filters, and tampered tokens", () => {
    const token = encodePageToken({ ms: 1, ns: 0, id: "x" }, "abc");
    expect(() => decodePageToken(token, "abd")).toThrow(A2AError);
    expect(() => decodePageToken(token.slice(0, -3), "abc")).toThrow(/pageToken/);
    expect(() => decodePageToken(btoa("2.1.0.abc.x"), "abc")).toThrow(/pageToken/);
    expect(() => decodePageToken(btoa("1.1.1000000.abc.x").replace(/=/g, ""), "abc")).toThrow(/pageToken/);
  });
});
