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
