import { afterEach, describe, expect, it } from "vitest";
import { type Harness, jsonOf, sign, startHarness } from "./harness.js";

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const body = new URLSearchParams({
  command: "/nkru",
  text: "Who is Kozyrev?",
  user_id: "U1",
  channel_id: "C1",
}).toString();
const form = "application/x-www-form-urlencoded";
const handled = (harness: Harness) => harness.logs().filter((l) => l.msg === "request");
const refusals = (harness: Harness) => harness.logs().filter((l) => l.msg === "request refused");
const secondsOf = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * Clocks near and far from the machine's: the app and the harness must agree on the
 * injected one, not on the machine. Each is stopped, so a boundary of exactly five
 * minutes is not crossed by the test's own running time.
 */
const stopped = (at: Date) => () => at;
const clocks = {
  "the machine's clock": stopped(new Date()),
  "a clock in 2001": stopped(new Date("2001-09-09T01:46:40Z")),
  "a clock in 2099": stopped(new Date("2099-06-01T12:00:00Z")),
};

describe("request verification", () => {
  it.each(Object.entries(clocks))("accepts a request signed now by %s", async (_name, clock) => {
    h = await startHarness({ clock });
    const res = await h.post(body, form);
    expect((await jsonOf<{ response_type: string }>(res)).response_type).toBe("ephemeral");
    expect(handled(h)).toHaveLength(1);
  });

  it.each(Object.entries(clocks))("refuses stale and future timestamps by %s", async (_name, clock) => {
    h = await startHarness({ clock });
    const now = secondsOf(clock());
    for (const ts of [now - 301, now + 301]) {
      const res = await h.post(body, form, { timestamp: ts, signature: sign(body, ts) });
      expect(res.status, `timestamp ${ts - now} s from now`).toBe(401);
    }
    // Five minutes either way is still accepted.
    for (const ts of [now - 300, now + 300]) {
      const res = await h.post(body, form, { timestamp: ts, signature: sign(body, ts) });
      expect(res.status, `timestamp ${ts - now} s from now`).toBe(200);
    }
    expect(handled(h)).toHaveLength(2);
    expect(refusals(h).map((l) => l.reason)).toEqual(["timestamp too old", "timestamp in the future"]);
  });

  it.each([
    ["Infinity", "Infinity"],
    ["1e400", "1e400"],
    ["a fraction of a second", "12.5"],
    ["an empty value", ""],
    ["two values", "SELF, SELF"],
    ["a negative number", "-5"],
    ["hexadecimal", "0x10"],
  ])("refuses a timestamp header that is %s with 401, however it is signed", async (_name, raw) => {
    h = await startHarness();
    const value = raw.replaceAll("SELF", String(secondsOf(h.clock())));
    const res = await fetch(h.url, {
      method: "POST",
      headers: {
        "content-type": form,
        "x-slack-request-timestamp": value,
        // Signed over the header exactly as sent, so only the timestamp's form is wrong.
        "x-slack-signature": sign(body, value),
      },
      body,
    });
    expect(res.status).toBe(401);
    expect(handled(h)).toEqual([]);
    expect(refusals(h)[0]?.reason).toBe("timestamp is not a whole number of seconds");
  });

  it.each([
    ["a missing signature", null],
    ["a wrong signature", "wrong-secret"],
    ["a signature of another body", "other-body"],
  ])("refuses %s with 401 before any handler", async (_name, kind) => {
    h = await startHarness();
    const ts = secondsOf(h.clock());
    const signature =
      kind === null ? null : kind === "wrong-secret" ? sign(body, ts, "0".repeat(32)) : sign(`${body}x`, ts);
    const res = await h.post(body, form, { timestamp: ts, signature });
    expect(res.status).toBe(401);
    expect(handled(h)).toEqual([]);
  });

  it.each([
    ["JSON null", "null", "application/json"],
    ["a JSON list", "[]", "application/json"],
    ["a JSON number", "42", "application/json"],
    ["not JSON", "{nope", "application/json"],
    ["a form whose payload is null", "payload=null", form],
    ["a form whose payload is not JSON", "payload=%7Bnope", form],
  ])("refuses a correctly signed body that is %s with 400, and keeps serving", async (_name, raw, type) => {
    h = await startHarness();
    const res = await h.post(raw, type);
    expect(res.status).toBe(400);
    expect(handled(h)).toEqual([]);
    expect(refusals(h)[0]?.reason).toBe("body is not a JSON object");
    expect((await h.post(body, form)).status).toBe(200);
  });

  it("answers Slack's SSL check without a signature, and nothing else comes of it", async () => {
    h = await startHarness();
    const res = await fetch(h.url, { method: "POST", headers: { "content-type": form }, body: "ssl_check=1&token=x" });
    expect(res.status).toBe(200);
    expect(handled(h)).toEqual([]);
  });

  it("serves /healthz, and 404 elsewhere", async () => {
    h = await startHarness();
    const base = h.url.replace("/slack/events", "");
    expect(await jsonOf(await fetch(`${base}/healthz`))).toEqual({ status: "ok" });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

describe("/healthz before the index is loaded", () => {
  it("answers 503 until the knowledge base is ready", async () => {
    h = await startHarness({ kb: null });
    const base = h.url.replace("/slack/events", "");
    expect(await jsonOf(await fetch(`${base}/healthz`), 503)).toEqual({ status: "loading" });
  });
});
