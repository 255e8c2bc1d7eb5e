/** A point in time with nanosecond precision: epoch milliseconds plus the nanoseconds within it. */
export interface Instant {
  readonly ms: number;
  readonly ns: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses an RFC 3339 date-time (any offset, up to nanoseconds); undefined when invalid. */
export function parseTimestamp(value: unknown): Instant | undefined {
  if (typeof value !== "string" || value.length > 40) return undefined;
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const year = +m[1]!, month = +m[2]!, day = +m[3]!;
  const hour = +m[4]!, minute = +m[5]!, second = +m[6]!;
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return undefined;
  if (month === 2 && day === 29 && !isLeapYear(year)) return undefined;
  // Second 60 is a leap second (RFC 3339 §5.6); it folds onto the next second.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  let offsetMinutes = 0;
  if (!m[8]) {
    const oh = +m[10]!, om = +m[11]!;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const fraction = (m[7] ?? "").padEnd(9, "0");
  const nanos = +fraction;
  return {
    ms: date.getTime() - offsetMinutes * 60_000 + Math.floor(nanos / 1e6),
    ns: nanos % 1e6,
  };
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Newest first: a negative result means `a` is later than `b`. */
export function compareInstantsDesc(a: Instant, b: Instant): number {
  return b.ms - a.ms || b.ns - a.ns;
}
