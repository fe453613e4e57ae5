import { describe, expect, it } from "vitest";
import { DigestSchedule, localDate, zonedInstant } from "../../src/jobs/digest-schedule.js";

const at = (iso: string) => new Date(iso);

describe("DigestSchedule", () => {
  it("finds 09:00 local in UTC", () => {
    const s = new DigestSchedule("0 9 * * *", "UTC");
    expect(s.slotToday(at("2026-11-22T08:59:00Z"))).toBeNull();
    expect(s.slotToday(at("2026-11-22T09:00:00Z"))?.toISOString()).toBe("2026-11-22T09:00:00.000Z");
    expect(s.slotToday(at("2026-11-22T23:59:00Z"))?.toISOString()).toBe("2026-11-22T09:00:00.000Z");
    expect(s.next(at("2026-11-22T09:00:00Z"))?.toISOString()).toBe("2026-11-23T09:00:00.000Z");
  });

  it("keeps 09:00 local across a daylight-saving change (Europe/London, last Sunday of October)", () => {
    const s = new DigestSchedule("0 9 * * *", "Europe/London");
    // BST (UTC+1) on Saturday, GMT (UTC+0) from Sunday 25 October 2026.
    expect(s.next(at("2026-10-23T12:00:00Z"))?.toISOString()).toBe("2026-10-24T08:00:00.000Z");
    expect(s.next(at("2026-10-24T12:00:00Z"))?.toISOString()).toBe("2026-10-25T09:00:00.000Z");
    expect(s.slotToday(at("2026-10-25T09:30:00Z"))?.toISOString()).toBe("2026-10-25T09:00:00.000Z");
    expect(s.slotToday(at("2026-10-25T08:30:00Z"))).toBeNull();
  });

  it("keeps 09:00 local when clocks go forward (America/New_York, 8 March 2026)", () => {
    const s = new DigestSchedule("0 9 * * *", "America/New_York");
    expect(s.next(at("2026-03-07T00:00:00Z"))?.toISOString()).toBe("2026-03-07T14:00:00.000Z");
    expect(s.next(at("2026-03-07T15:00:00Z"))?.toISOString()).toBe("2026-03-08T13:00:00.000Z");
  });

  it("skips a local time that daylight saving removes", () => {
    // 02:30 does not exist in New York on 8 March 2026.
    const s = new DigestSchedule("30 2 * * *", "America/New_York");
    expect(s.next(at("2026-03-07T12:00:00Z"))?.toISOString()).toBe("2026-03-09T06:30:00.000Z");
  });

  it("honours days of the week, and the latest slot of a day with several", () => {
    const weekdays = new DigestSchedule("30 8 * * 1-5", "Asia/Seoul");
    // Saturday 21 November 2026 → Monday 23rd, 08:30 in Seoul (UTC+9).
    expect(weekdays.next(at("2026-11-20T23:31:00Z"))?.toISOString()).toBe("2026-11-22T23:30:00.000Z");
    const twice = new DigestSchedule("0 9,17 * * *", "UTC");
    expect(twice.slotToday(at("2026-11-22T18:00:00Z"))?.toISOString()).toBe("2026-11-22T17:00:00.000Z");
  });

  it("finds the neighbouring minutes of a dense schedule at any time of day, when clocks go forward", () => {
    // Every minute has 1,440 slots a day; the answer must still be the very next and last minute.
    const s = new DigestSchedule("* * * * *", "Europe/Berlin");
    for (const iso of [
      "2026-12-02T22:58:30Z",
      "2026-12-02T23:00:00Z",
      "2026-03-29T00:59:30Z",
      "2026-03-29T01:00:30Z",
    ]) {
      const t = Date.parse(iso);
      const minute = Math.floor(t / 60_000) * 60_000;
      expect(s.next(at(iso))?.getTime(), iso).toBe(minute + 60_000);
      // Just after local midnight, today's latest slot is that midnight itself.
      const today = s.slotToday(at(iso));
      expect(today?.getTime(), iso).toBe(minute);
    }
    const quarter = new DigestSchedule("*/15 * * * *", "America/New_York");
    // 23:59 local on a day that lost an hour: the last slot is 23:45 local (03:45Z), the next is 00:00 (04:00Z).
    expect(quarter.slotToday(at("2026-03-09T03:59:00Z"))?.toISOString()).toBe("2026-03-09T03:45:00.000Z");
    expect(quarter.next(at("2026-03-09T03:59:00Z"))?.toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });

  it("gives the local date and yesterday's bounds in the zone", () => {
    expect(localDate("Asia/Seoul", at("2026-11-22T16:00:00Z"))).toBe("2026-11-23");
    expect(zonedInstant("Asia/Seoul", "2026-11-23", 0, 0).toISOString()).toBe("2026-11-22T15:00:00.000Z");
    const s = new DigestSchedule("0 9 * * *", "Asia/Seoul");
    expect(s.yesterday("2026-11-23")).toEqual({ from: at("2026-11-21T15:00:00Z"), to: at("2026-11-22T15:00:00Z") });
  });

  it("describes itself in words", () => {
    expect(new DigestSchedule("0 9 * * *", "UTC").describe()).toBe("every day at 09:00 (UTC)");
    expect(new DigestSchedule("30 8 * * 1-5", "Europe/Paris").describe()).toBe("on weekdays at 08:30 (Europe/Paris)");
    expect(new DigestSchedule("0 9,17 * * *", "UTC").describe()).toBe('on the schedule "0 9,17 * * *" (UTC)');
  });
});
