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
  return isUtcForm(value) ? parseUtc(value) : parseGeneral(value);
}

/** `YYYY-MM-DDTHH:MM:SS[.f…]Z`, what toISOString and most clients send. */
function isUtcForm(v: string): boolean {
  const n = v.length;
  if (n < 20 || n === 21 || n > 30 || v.charCodeAt(n - 1) !== 90 /* Z */) return false;
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) {
    return false;
  }
  if (n > 20 && v.charCodeAt(19) !== 46 /* . */) return false;
  for (let i = 0; i < n - 1; i++) {
    if (i === 4 || i === 7 || i === 10 || i === 13 || i === 16 || i === 19) continue;
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The fast path for isUtcForm strings: plain arithmetic, no regex, no Date. */
function parseUtc(v: string): Instant | undefined {
  const year = digits(v, 0, 4), month = digits(v, 5, 2), day = digits(v, 8, 2);
  const hour = digits(v, 11, 2), minute = digits(v, 14, 2), second = digits(v, 17, 2);
  if (!validFields(year, month, day, hour, minute, second)) return undefined;
  let nanos = 0;
  const fraction = v.length - 21;
  if (fraction > 0) nanos = digits(v, 20, fraction) * 10 ** (9 - fraction);
  const seconds = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second;
  return { ms: seconds * 1000 + Math.floor(nanos / 1e6), ns: nanos % 1e6 };
}

function digits(v: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) n = n * 10 + v.charCodeAt(i) - 48;
  return n;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function parseGeneral(value: string): Instant | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const year = +m[1]!, month = +m[2]!, day = +m[3]!;
  const hour = +m[4]!, minute = +m[5]!, second = +m[6]!;
  if (!validFields(year, month, day, hour, minute, second)) return undefined;
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

/** The calendar and clock checks both parsers share. */
function validFields(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  if (month === 2 && day === 29 && !isLeapYear(year)) return false;
  // Second 60 is a leap second (RFC 3339 §5.6); it folds onto the next second.
  return hour <= 23 && minute <= 59 && second <= 60;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Newest first: a negative result means `a` is later than `b`. */
export function compareInstantsDesc(a: Instant, b: Instant): number {
  return b.ms - a.ms || b.ns - a.ns;
}
