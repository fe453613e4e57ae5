/**
 * Publication dates as articles and pages write them, read into ISO dates (YYYY-MM-DD).
 * Shared by the parser (a dateline under the headline) and ingestion (meta tags, JSON-LD,
 * feed items), so that "5 January 2025", "Jan. 5, 2025" and "2025-01-05T10:00:00+09:00"
 * are one date wherever they come from.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?\s+)?`;
const LEAD = String.raw`(?:(?:published|posted|updated|last updated|first published|date)\s*(?:on|:)?\s*)?`;
const TIME = String.raw`(?:\s*(?:,|at|[-–—|·])?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?)?`;

const MONTH_FIRST = new RegExp(
  String.raw`^${LEAD}${WEEKDAY}${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}$`,
  "i",
);
const DAY_FIRST = new RegExp(
  String.raw`^${LEAD}${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?\s+${MONTH},?\s+(\d{4})${TIME}$`,
  "i",
);
const ISO = new RegExp(
  String.raw`^${LEAD}(\d{4})-(\d{2})-(\d{2})(?:[T\s]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$`,
  "i",
);

function iso(year: number, month: number, day: number): string | null {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const text = new Date(ms).toISOString().slice(0, 10);
  // 31 April rolls over into May: not a date.
  return Number(text.slice(8, 10)) === day ? text : null;
}

function monthNumber(name: string): number {
  return (
    MONTHS[
      name
        .toLowerCase()
        .replace(/\.$/, "")
        .slice(0, name.toLowerCase().startsWith("sept") ? 4 : 3)
    ] ?? 0
  );
}

/**
 * The ISO date a text is, when the whole text is one date (with an optional weekday,
 * time and "Published"/"Updated" lead-in); null otherwise. Time zones are not applied:
 * the date is the one the page printed.
 */
export function isoDateOf(text: string): string | null {
  const s = text.trim().replace(/\s+/g, " ");
  if (s.length > 80) return null;
  let m = ISO.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = MONTH_FIRST.exec(s);
  if (m) return iso(Number(m[3]), monthNumber(m[1] as string), Number(m[2]));
  m = DAY_FIRST.exec(s);
  if (m) return iso(Number(m[3]), monthNumber(m[2] as string), Number(m[1]));
  return null;
}

/** The ISO date of a machine-readable timestamp (RFC 822 in RSS, ISO 8601 elsewhere), or null. */
export function isoDateOfTimestamp(text: string | null | undefined): string | null {
  if (!text) return null;
  const direct = isoDateOf(text);
  if (direct) return direct;
  // RFC 822, as RSS writes dates: "Mon, 05 Jan 2025 10:00:00 GMT".
  const rfc = /^(?:\w{3},\s*)?(\d{1,2})\s+(\w{3,9})\.?\s+(\d{4})\b/.exec(text.trim());
  if (rfc) return iso(Number(rfc[3]), monthNumber(rfc[2] as string), Number(rfc[1]));
  return null;
}

/** "5 Jan 2025", as citations show a date: short, and the same in every locale. */
export function shortDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${Number(m[3])} ${names[Number(m[2]) - 1]} ${m[1]}`;
}
