import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, sign, startHarness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const now = () => Math.floor(Date.now() / 1000);
const body = new URLSearchParams({
  command: "/nkru",
  text: "Who is Kozyrev?",
  user_id: "U1",
  channel_id: "C1",
}).toString();
const form = "application/x-www-form-urlencoded";
const handled = () => h.logs().filter((l) => l.msg === "request");

describe("request verification", () => {
  it("accepts a correctly signed request", async () => {
    const res = await h.post(body, form);
    expect(res.status).toBe(200);
    expect(handled()).toHaveLength(1);
  });

  it.each([
    ["a missing signature", { signature: null }],
    ["a wrong signature", { signature: sign(body, now(), "0".repeat(32)) }],
    ["a signature of another body", { signature: sign(`${body}x`, now()) }],
    ["a timestamp six minutes old", { timestamp: now() - 360 }],
    ["a timestamp six minutes ahead", { timestamp: now() + 360 }],
  ])("refuses %s with 401 before any handler", async (_name, options) => {
    const ts = "timestamp" in options ? (options.timestamp as number) : now();
    const signature = "signature" in options ? options.signature : sign(body, ts);
    const res = await h.post(body, form, { timestamp: ts, signature });
    expect(res.status).toBe(401);
    expect(handled()).toEqual([]);
  });

  it("serves /healthz, and 404 elsewhere", async () => {
    const base = h.url.replace("/slack/events", "");
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

describe("/healthz before the index is loaded", () => {
  it("answers 503 until the knowledge base is ready", async () => {
    await h.close();
    h = await startHarness({ kb: null });
    const base = h.url.replace("/slack/events", "");
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
  });
});
