/**
 * When digests are due, in a named time zone, computed from a given instant rather
 * than the machine's clock. node-cron parses and matches the expression (its `match`
 * reads the instant in the task's zone, daylight saving included); this module finds
 * the slots.
 */
import { createTask, parse, type ScheduledTask } from "node-cron";

const MINUTE = 60_000;
const DAY = 86_400_000;

// Making an Intl.DateTimeFormat costs far more than using one, and a schedule asks
// thousands of times per question for a dense expression: one of each per zone.
const partsFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatFor(cache: Map<string, Intl.DateTimeFormat>, timezone: string, make: () => Intl.DateTimeFormat) {
  let format = cache.get(timezone);
  if (!format) {
    format = make();
    cache.set(timezone, format);
  }
  return format;
}

/** Minutes the zone is ahead of UTC at that instant. */
export function offsetMinutes(timezone: string, at: Date): number {
  const parts = formatFor(
    partsFormats,
    timezone,
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone: timezone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      }),
  ).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / MINUTE);
}

/** The local calendar date of an instant, YYYY-MM-DD. */
export function localDate(timezone: string, at: Date): string {
  return formatFor(
    dateFormats,
    timezone,
    () => new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }),
  ).format(at);
}

/** Minutes since local midnight at that instant. */
function localMinute(timezone: string, at: Date): number {
  return Math.floor((at.getTime() + offsetMinutes(timezone, at) * MINUTE) / MINUTE) % (24 * 60);
}

/** The instant when the zone's clocks show the given local date and time. */
export function zonedInstant(timezone: string, date: string, hour: number, minute: number): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  let t = wall;
  // Twice: the offset at the first guess can differ across a daylight-saving change.
  for (let i = 0; i < 2; i++) t = wall - offsetMinutes(timezone, new Date(t)) * MINUTE;
  return new Date(t);
}

function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY).toISOString().slice(0, 10);
}

export class DigestSchedule {
  private readonly matcher: ScheduledTask;
  private readonly hours: number[];
  private readonly minutes: number[];

  /** `cron` must already be valid (config checks it); five fields, minute precision. */
  constructor(
    readonly cron: string,
    readonly timezone: string,
  ) {
    this.matcher = createTask(cron, () => {}, { timezone });
    const fields = parse(cron);
    this.hours = [...fields.hour].sort((a, b) => a - b);
    this.minutes = [...fields.minute].sort((a, b) => a - b);
  }

  /**
   * Slots on a local date from a local time of day on (minutes since midnight), earliest
   * first, or latest first with `backwards`; made as they are asked for, since a dense
   * expression has 1,440 a day and each costs a few time-zone conversions.
   */
  private *slotsOn(date: string, fromMinute: number, backwards = false): Generator<Date> {
    const hours = backwards ? [...this.hours].reverse() : this.hours;
    const minutes = backwards ? [...this.minutes].reverse() : this.minutes;
    for (const h of hours) {
      for (const m of minutes) {
        if (backwards ? h * 60 + m > fromMinute : h * 60 + m < fromMinute) continue;
        const at = zonedInstant(this.timezone, date, h, m);
        // A local time skipped by daylight saving lands on another date or hour: not a slot.
        if (localDate(this.timezone, at) === date && this.matcher.match(at)) yield at;
      }
    }
  }

  /** The latest slot at or before `now` on the same local day, if any. */
  slotToday(now: Date): Date | null {
    // An hour's margin either side of the wall clock: a daylight-saving change moves it by one.
    for (const slot of this.slotsOn(localDate(this.timezone, now), localMinute(this.timezone, now) + 60, true)) {
      if (slot.getTime() <= now.getTime()) return slot;
    }
    return null;
  }

  /** The first slot after `after`, looking up to `horizonDays` ahead. */
  next(after: Date, horizonDays = 400): Date | null {
    const today = localDate(this.timezone, after);
    const from = localMinute(this.timezone, after) - 60;
    for (let i = 0; i <= horizonDays; i++) {
      for (const slot of this.slotsOn(shiftDate(today, i), i === 0 ? from : 0)) {
        if (slot.getTime() > after.getTime()) return slot;
      }
    }
    return null;
  }

  /** The local date a slot belongs to. */
  dateOf(slot: Date): string {
    return localDate(this.timezone, slot);
  }

  /** Start of the local day before `date`, and of `date`: yesterday as an interval. */
  yesterday(date: string): { from: Date; to: Date } {
    return {
      from: zonedInstant(this.timezone, shiftDate(date, -1), 0, 0),
      to: zonedInstant(this.timezone, date, 0, 0),
    };
  }

  /** "every day at 09:00 (UTC)", or the expression itself when it is not that simple. */
  describe(): string {
    const [m, h, dom, mon, dow] = this.cron.split(" ");
    if (this.hours.length === 1 && this.minutes.length === 1 && dom === "*" && mon === "*") {
      const time = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
      const days = dow === "*" ? "every day" : dow === "1-5" ? "on weekdays" : `on days "${dow}" of the week`;
      return `${days} at ${time} (${this.timezone})`;
    }
    return `on the schedule "${this.cron}" (${this.timezone})`;
  }
}
