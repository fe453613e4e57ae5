/**
 * When digests are due, in a named time zone, computed from a given instant rather
 * than the machine's clock. node-cron parses and matches the expression (its `match`
 * reads the instant in the task's zone, daylight saving included); this module finds
 * the slots.
 */
import { createTask, parse, type ScheduledTask } from "node-cron";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Minutes the zone is ahead of UTC at that instant. */
export function offsetMinutes(timezone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / MINUTE);
}

/** The local calendar date of an instant, YYYY-MM-DD. */
export function localDate(timezone: string, at: Date): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
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

  /** Slots on a local date, earliest first. */
  private slotsOn(date: string): Date[] {
    const out: Date[] = [];
    for (const h of this.hours) {
      for (const m of this.minutes) {
        const at = zonedInstant(this.timezone, date, h, m);
        // A local time skipped by daylight saving lands on another date or hour: not a slot.
        if (localDate(this.timezone, at) === date && this.matcher.match(at)) out.push(at);
      }
    }
    return out;
  }

  /** The latest slot at or before `now` on the same local day, if any. */
  slotToday(now: Date): Date | null {
    const past = this.slotsOn(localDate(this.timezone, now)).filter((s) => s.getTime() <= now.getTime());
    return past.at(-1) ?? null;
  }

  /** The first slot after `after`, looking up to `horizonDays` ahead. */
  next(after: Date, horizonDays = 400): Date | null {
    const today = localDate(this.timezone, after);
    for (let i = 0; i <= horizonDays; i++) {
      const found = this.slotsOn(shiftDate(today, i)).find((s) => s.getTime() > after.getTime());
      if (found) return found;
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
