import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../src/core/knowledge-base.js";
import { DigestJob } from "../../src/jobs/digest-job.js";
import { DigestSchedule } from "../../src/jobs/digest-schedule.js";
import { KnowledgeHolder } from "../../src/knowledge-holder.js";
import { createLogger } from "../../src/logger.js";
import { digestMessage } from "../../src/slack/blocks/digest.js";
import { slackDigestPoster } from "../../src/slack/digest-poster.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { bundledFiles, bundledKnowledgeBase, textFile } from "../helpers/corpus.js";
import { API, apiBody, BOT_TOKEN, nock } from "../slack/harness.js";

let dir: string;
let now: Date;
let slept: number[];
let posts: { channel: string; slot: string; text: string }[];
const seeding: Promise<unknown>[] = [];
const logs: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "nkru-digest-"));
  slept = [];
  posts = [];
  logs.length = 0;
});
afterEach(async () => {
  nock.cleanAll();
  // The install records written by makeJob finish before their folder goes.
  await Promise.allSettled(seeding.splice(0));
  await rm(dir, { recursive: true, force: true });
});

/** A job as main.ts builds it, over a store in `dir`: a new call is a restarted process. */
function makeJob(
  options: { kb?: KnowledgeBase; tz?: string; cron?: string; timeoutMs?: number; installedAt?: string | null } = {},
) {
  // As the app's client is set up: no blind retries, a 429 returned to the caller.
  const client = new WebClient(BOT_TOKEN, {
    slackApiUrl: `${API}/api/`,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  const knowledge = new KnowledgeHolder(() => now);
  knowledge.set(options.kb ?? bundledKnowledgeBase(), 1);
  const store = new SqliteStore(join(dir, "nkru.db"));
  // Most tests are of an install that has run for a while; a brand-new one passes null.
  if (options.installedAt !== null) seeding.push(store.installedAt(options.installedAt ?? "2026-01-01T00:00:00.000Z"));
  const job = new DigestJob({
    schedule: new DigestSchedule(options.cron ?? "0 9 * * *", options.tz ?? "Europe/London"),
    store,
    knowledge,
    poster: slackDigestPoster(() => client),
    logger: createLogger({
      pretty: false,
      destination: new Writable({
        write(c, _e, done) {
          logs.push(String(c));
          done();
        },
      }),
    }),
    clock: () => now,
    // Waiting moves the clock on: a claim whose lease is being waited out lapses.
    sleep: async (ms) => {
      slept.push(ms);
      now = new Date(now.getTime() + ms);
    },
    questionsFooter: true,
    retry: { attempts: 3, firstDelayMs: 1000 },
  });
  return { job, store };
}

/** Answers chat.postMessage for a channel, recording each post. */
function acceptPosts(channel: string, times = 1) {
  nock(API)
    .post("/api/chat.postMessage", (b) => apiBody(b).channel === channel)
    .times(times)
    .reply(200, (_u, body) => {
      const b = apiBody(body);
      const meta = JSON.parse(String(b.metadata)) as { event_payload: { slot: string } };
      posts.push({ channel, slot: meta.event_payload.slot, text: String(b.text) });
      return { ok: true, ts: `17000${posts.length}.000100`, channel };
    });
}

describe("posting a slot", () => {
  it("posts once per channel per slot, tagged with the slot, with the digest blocks", async () => {
    now = new Date("2026-11-23T09:00:05Z"); // Monday, 09:00 in London (GMT)
    const { job, store } = makeJob();
    await store.seedSubscriptions(["C1", "C2"]);
    acceptPosts("C1");
    acceptPosts("C2");
    const report = await job.catchUp();
    expect(report?.posted.sort()).toEqual(["C1", "C2"]);
    expect(posts.map((p) => p.slot)).toEqual(["2026-11-23T09:00:00.000Z", "2026-11-23T09:00:00.000Z"]);
    expect(posts[0]?.text).toMatch(/^Key takeaways for Monday, 23 November 2026 · 3 documents/);

    // The cron firing again for the same slot, or a second call, posts nothing.
    const again = await job.runSlot(new Date("2026-11-23T09:00:00Z"));
    expect(again.already.sort()).toEqual(["C1", "C2"]);
    expect(posts).toHaveLength(2);
    expect((await store.digestPost("C1", "2026-11-23T09:00:00.000Z"))?.state).toBe("posted");
  });

  it("posts once when Slack takes the post but answers after the client gave up: it finds the digest instead", async () => {
    now = new Date("2026-11-23T09:00:05Z");
    const { job, store } = makeJob({ timeoutMs: 300 });
    await store.seedSubscriptions(["C1"]);
    const bodies: Record<string, unknown>[] = [];
    nock(API)
      .post("/api/chat.postMessage", (b) => {
        bodies.push(apiBody(b));
        return true;
      })
      .delay(1500)
      .reply(200, { ok: true, ts: "1700000050.000100" });
    nock(API)
      .post("/api/conversations.history")
      .reply(200, () => ({
        ok: true,
        has_more: false,
        messages: [{ type: "message", ts: "1700000050.000100", metadata: JSON.parse(String(bodies[0]?.metadata)) }],
      }));
    const report = await job.catchUp();
    expect(bodies).toHaveLength(1);
    expect(report?.posted).toEqual(["C1"]);
    expect(await store.digestPost("C1", "2026-11-23T09:00:00.000Z")).toMatchObject({
      state: "posted",
      ts: "1700000050.000100",
    });
  });

  it("shares one run between two concurrent triggers of the same slot", async () => {
    now = new Date("2026-11-23T09:00:00Z");
    const { job, store } = makeJob();
    await store.seedSubscriptions(["C1"]);
    acceptPosts("C1");
    const slot = new Date("2026-11-23T09:00:00Z");
    await Promise.all([job.runSlot(slot), job.runSlot(slot), job.catchUp()]);
    expect(posts).toHaveLength(1);
  });
});

describe("a brand-new install", () => {
  it("never posts the slots before its first start, and posts the next one", async () => {
    now = new Date("2026-11-23T19:58:00Z"); // first start, long after today's 09:00
    const first = makeJob({ installedAt: null });
    await first.store.seedSubscriptions(["C1"]);
    expect(await first.job.catchUp()).toBeNull();
    expect(posts).toEqual([]);
    // A restart later the same day is no new install: today's slot stays before it.
    now = new Date("2026-11-23T21:00:00Z");
    expect(await makeJob({ installedAt: null }).job.catchUp()).toBeNull();
    // The next morning's slot is the install's own.
    now = new Date("2026-11-24T09:00:05Z");
    acceptPosts("C1");
    const report = await makeJob({ installedAt: null }).job.catchUp();
    expect(report?.posted).toEqual(["C1"]);
    expect(await first.store.installedAt("2030-01-01T00:00:00.000Z")).toBe("2026-11-23T19:58:00.000Z");
  });
});

describe("the schedule", () => {
  it("registers a node-cron task in the digest's time zone that posts the current slot when it fires", async () => {
    now = new Date("2026-11-23T09:00:20Z");
    const { job, store } = makeJob({ tz: "Europe/London" });
    await store.seedSubscriptions(["C1"]);
    acceptPosts("C1");
    const task = job.start();
    try {
      expect(task.getPattern()).toBe("0 9 * * *");
      // 09:00 in London is 09:00 UTC in November, 08:00 UTC in July.
      expect(task.match(new Date("2026-11-23T09:00:00Z"))).toBe(true);
      expect(task.match(new Date("2026-07-01T08:00:00Z"))).toBe(true);
      expect(task.match(new Date("2026-07-01T09:00:00Z"))).toBe(false);
      await task.execute(); // what node-cron runs at the slot, without waiting for it
      expect(posts.map((p) => p.slot)).toEqual(["2026-11-23T09:00:00.000Z"]);
    } finally {
      await job.stop();
    }
    expect(task.getStatus()).toBe("destroyed");
  });
});

describe("restarts", () => {
  it("a restart after the post posts nothing", async () => {
    now = new Date("2026-11-23T09:00:00Z");
    const first = makeJob();
    await first.store.seedSubscriptions(["C1"]);
    acceptPosts("C1");
    await first.job.catchUp();
    now = new Date("2026-11-23T10:15:00Z");
    const report = await makeJob().job.catchUp(); // no mock: any post would fail
    expect(report).toMatchObject({ posted: [], already: ["C1"], failed: [] });
    expect(posts).toHaveLength(1);
  });

  it("a restart during the post (claimed, posted, not yet recorded) finds the message and posts nothing", async () => {
    now = new Date("2026-11-23T09:00:00Z");
    const { store } = makeJob();
    await store.seedSubscriptions(["C1"]);
    const slot = "2026-11-23T09:00:00.000Z";
    await store.saveDigestPost({
      channel: "C1",
      slot,
      state: "pending",
      at: now.toISOString(),
      ts: null,
      documents: {},
    });
    let searched: Record<string, unknown> = {};
    nock(API)
      .post("/api/conversations.history", (b) => {
        searched = apiBody(b);
        return true;
      })
      .reply(200, {
        ok: true,
        messages: [
          { ts: "1.1", text: "someone else" },
          { ts: "1763888400.000100", text: "digest", metadata: { event_type: "nkru_digest", event_payload: { slot } } },
        ],
        has_more: false,
      });
    now = new Date("2026-11-23T09:02:00Z");
    const report = await makeJob().job.catchUp();
    expect(report?.already).toEqual(["C1"]);
    expect(posts).toEqual([]);
    expect(searched).toMatchObject({ channel: "C1", include_all_metadata: "true" });
    expect(await store.digestPost("C1", slot)).toMatchObject({ state: "posted", ts: "1763888400.000100" });
  });

  it("a restart before the post went out (claimed, not in the channel) posts exactly once", async () => {
    now = new Date("2026-11-23T09:00:00Z");
    const { store } = makeJob();
    await store.seedSubscriptions(["C1"]);
    const slot = "2026-11-23T09:00:00.000Z";
    await store.saveDigestPost({
      channel: "C1",
      slot,
      state: "pending",
      at: now.toISOString(),
      ts: null,
      documents: {},
    });
    nock(API).post("/api/conversations.history").reply(200, { ok: true, messages: [], has_more: false });
    acceptPosts("C1");
    await makeJob().job.catchUp();
    expect(posts).toHaveLength(1);
  });
});

describe("missed slots", () => {
  it("posts a slot missed while down once at start-up, if it is still the same local day", async () => {
    now = new Date("2026-11-23T16:40:00Z"); // down at 09:00, up in the afternoon
    const { job, store } = makeJob();
    await store.seedSubscriptions(["C1"]);
    acceptPosts("C1");
    expect(await job.catchUp()).toMatchObject({ slot: "2026-11-23T09:00:00.000Z", posted: ["C1"] });
    expect(await makeJob().job.catchUp()).toMatchObject({ already: ["C1"], failed: [] });
    expect(posts).toHaveLength(1);
  });

  it("lets earlier days go: no flood after days down", async () => {
    now = new Date("2026-11-26T08:00:00Z"); // down since the 23rd; today's slot is still ahead
    const { job, store } = makeJob();
    await store.seedSubscriptions(["C1"]);
    expect(await job.catchUp()).toBeNull();
    expect(posts).toEqual([]);
  });
});

describe("failures", () => {
  it("one channel failing leaves the others posted; it is retried with backoff and left unmarked", async () => {
    now = new Date("2026-11-23T09:00:00Z");
    const { job, store } = makeJob();
    await store.seedSubscriptions(["C1", "CBAD", "C3"]);
    acceptPosts("C1");
    acceptPosts("C3");
    nock(API)
      .post("/api/chat.postMessage", (b) => apiBody(b).channel === "CBAD")
      .times(3)
      .reply(200, { ok: false, error: "not_in_channel" });
    nock(API)
      .post("/api/conversations.history", (b) => apiBody(b).channel === "CBAD")
      .times(2)
      .reply(200, { ok: false, error: "not_in_channel" });
    const report = await job.catchUp();
    expect(report?.posted.sort()).toEqual(["C1", "C3"]);
    expect(report?.failed).toEqual([{ channel: "CBAD", code: "not_in_channel" }]);
    expect(slept).toEqual([1000, 2000]);
    expect((await store.digestPost("CBAD", "2026-11-23T09:00:00.000Z"))?.state).toBe("pending");
    expect(logs.join("")).toMatch(/"channel":"CBAD".*"code":"not_in_channel".*digest post failed/);
  });

  it("waits out a rate limit and posts once", async () => {
    now = new Date("2026-11-23T09:00:00Z");
    const { job, store } = makeJob();
    await store.seedSubscriptions(["C1"]);
    nock(API).post("/api/chat.postMessage").reply(429, { ok: false, error: "ratelimited" }, { "Retry-After": "0" });
    acceptPosts("C1");
    await job.catchUp();
    expect(posts).toHaveLength(1);
  });
});

describe("what a digest says", () => {
  it("leads with documents added since the channel's last digest", async () => {
    now = new Date("2026-11-23T09:00:00Z");
    const first = makeJob();
    await first.store.seedSubscriptions(["C1"]);
    acceptPosts("C1");
    await first.job.catchUp();

    const grown = KnowledgeBase.fromFiles([
      ...bundledFiles(),
      textFile(
        "rail.md",
        "---\nid: rail-link\ntitle: Rail Link Reopens\n---\nPyongyang and Moscow reopened the Tumen River rail bridge to freight in November, officials said.",
      ),
    ]);
    now = new Date("2026-11-24T09:00:00Z");
    acceptPosts("C1");
    await makeJob({ kb: grown }).job.catchUp();
    expect(posts[1]?.text).toMatch(/Tumen River rail bridge/);
    const { content } = await makeJob({ kb: grown }).job.contentFor("C1", "2026-11-25");
    const message = digestMessage(content.digest, content.askAbout, content.footer);
    expect(JSON.stringify(message.blocks)).not.toMatch(/New since the last digest/);
  });

  it("a weekly digest leads with the week's new articles, grouped by story", async () => {
    const weekly = "0 9 * * 1";
    now = new Date("2026-11-23T09:00:00Z"); // a Monday
    const first = makeJob({ cron: weekly });
    await first.store.seedSubscriptions(["C1"]);
    acceptPosts("C1");
    await first.job.catchUp();
    expect(posts).toHaveLength(1);

    const wire =
      "Pyongyang and Moscow reopened the Tumen River rail bridge to freight on Tuesday, the first trains crossing since 2020, railway officials in both countries said.";
    const grown = KnowledgeBase.fromFiles([
      ...bundledFiles(),
      textFile(
        "rail-a.md",
        `---\nid: rail-a\ntitle: Tumen River Rail Bridge Reopens\ndate: 2026-11-24\noutlet: Wire One\n---\n${wire}`,
      ),
      textFile(
        "rail-b.md",
        `---\nid: rail-b\ntitle: Tumen River Rail Bridge Reopens to Freight\ndate: 2026-11-25\noutlet: Paper Two\n---\n${wire} Coal and timber are expected to dominate.`,
      ),
      textFile(
        "drones.md",
        "---\nid: drones\ntitle: Drone Factory Hires Workers\ndate: 2026-11-27\n---\nNorth Korean workers have arrived at a Russian drone factory in Yelabuga, according to satellite images and local reports.",
      ),
    ]);
    // Nothing goes out between the Mondays.
    now = new Date("2026-11-27T09:00:00Z");
    await makeJob({ cron: weekly, kb: grown }).job.catchUp();
    expect(posts).toHaveLength(1);

    now = new Date("2026-11-30T09:00:00Z");
    acceptPosts("C1");
    const next = makeJob({ cron: weekly, kb: grown });
    const { content } = await next.job.contentFor("C1", "2026-11-30");
    await next.job.catchUp();
    expect(posts).toHaveLength(2);
    // Most recent story first; the rail story once, led by its first report.
    expect(content.digest.new.map((n) => [n.document.id, n.alsoReportedBy.map((a) => a.outlet)])).toEqual([
      ["drones", []],
      ["rail-a", ["Paper Two"]],
    ]);
    const blocks = JSON.stringify(digestMessage(content.digest, content.askAbout, content.footer).blocks);
    expect(blocks.indexOf("New since the last digest")).toBeLessThan(blocks.indexOf("Yelabuga"));
    expect(blocks.indexOf("Tumen River")).toBeLessThan(blocks.indexOf("*From the corpus*"));
    expect(posts[1]?.text).toMatch(/Tumen River/);
  });

  it("adds yesterday's most asked and unanswered questions when enabled", async () => {
    now = new Date("2026-11-23T09:00:00Z");
    const { job, store } = makeJob();
    for (const [q, confident] of [
      ["Who is Kozyrev?", true],
      ["who is kozyrev", true],
      ["What is the population of Brazil?", false],
    ] as const) {
      await store.recordQuestion({ at: "2026-11-22T12:00:00.000Z", question: q, confident });
    }
    await store.recordQuestion({ at: "2026-11-20T12:00:00.000Z", question: "Too old?", confident: false });
    const { content } = await job.contentFor("C1", "2026-11-23");
    const message = digestMessage(content.digest, content.askAbout, content.footer);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("*Most asked yesterday:* “Who is Kozyrev?” (2×)");
    expect(text).toContain("*Not answered by the corpus:* “What is the population of Brazil?”");
    expect(text).not.toContain("Too old");
  });
});
