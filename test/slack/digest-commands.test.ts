import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { DigestJob } from "../../src/jobs/digest-job.js";
import { DigestSchedule } from "../../src/jobs/digest-schedule.js";
import { KnowledgeHolder } from "../../src/knowledge-holder.js";
import { createLogger } from "../../src/logger.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { bundledKnowledgeBase } from "../helpers/corpus.js";
import { type Harness, HOOKS, jsonOf, mockResponseUrl, nock, startHarness } from "./harness.js";

let h: Harness | null = null;
afterEach(async () => {
  expect(nock.pendingMocks()).toEqual([]);
  await h?.close();
  h = null;
});

const now = new Date("2026-11-23T10:00:00Z");

/** The app with a real digest job over the harness's data folder. */
async function withDigest(extra: Parameters<typeof startHarness>[0] = {}) {
  let job: DigestJob | null = null;
  const harness = await startHarness({
    ...extra,
    clock: () => now,
    digest: {
      describe: () => (job as DigestJob).describe(),
      today: () => (job as DigestJob).today(),
      nextDate: () => (job as DigestJob).nextDate(),
      contentFor: (c, d) => (job as DigestJob).contentFor(c, d),
    },
  });
  const knowledge = new KnowledgeHolder(() => now);
  knowledge.set(bundledKnowledgeBase(), 1);
  job = new DigestJob({
    schedule: new DigestSchedule("0 9 * * *", "UTC"),
    store: harness.store,
    knowledge,
    poster: { post: async () => ({ ok: true, value: "1.1" }), findPosted: async () => ({ ok: true, value: null }) },
    logger: createLogger({ pretty: false, destination: new Writable({ write: (_c, _e, d) => d() }) }),
    clock: () => now,
    sleep: async () => {},
    questionsFooter: false,
  });
  return harness;
}

async function ack(harness: Harness, text: string, channel = "C1", user = "U123") {
  const res = await harness.command(text, { channel_id: channel, user_id: user });
  return jsonOf<{ response_type: string; text: string; blocks: unknown[] }>(res);
}

describe("/nkru digest", () => {
  it("subscribe and unsubscribe change the channel's subscription, kept in the store", async () => {
    h = await withDigest();
    const sub = await ack(h, "digest subscribe");
    expect(JSON.stringify(sub.blocks)).toContain("<#C1> will get the daily digest every day at 09:00 (UTC)");
    expect(JSON.stringify(sub.blocks)).toContain("/invite @nkru");
    expect((await new SqliteStore(join(h.dataDir, "nkru.db")).subscriptions()).channels).toEqual(["C1"]);

    const unsub = await ack(h, "digest unsubscribe");
    expect(JSON.stringify(unsub.blocks)).toContain("will no longer get the daily digest");
    const after = await new SqliteStore(join(h.dataDir, "nkru.db")).subscriptions();
    expect(after).toEqual({ channels: [], removed: ["C1"] });
    // A configured channel that unsubscribed stays unsubscribed after a restart.
    expect((await new SqliteStore(join(h.dataDir, "nkru.db")).seedSubscriptions(["C1", "C2"])).channels).toEqual([
      "C2",
    ]);
  });

  it("status shows the schedule, the next run and the subscribed channels", async () => {
    h = await withDigest();
    await h.store.subscribe("C7");
    const status = JSON.stringify((await ack(h, "digest status")).blocks);
    expect(status).toContain("*Daily digest:* every day at 09:00 (UTC); next at 2026-11-24T09:00Z");
    expect(status).toContain("*Subscribed channels:* <#C7>");
  });

  it("previews the next digest privately", async () => {
    h = await withDigest();
    const preview = await ack(h, "digest");
    expect(preview.response_type).toBe("ephemeral");
    const text = JSON.stringify(preview.blocks);
    // At 10:00 the day's 09:00 digest is out: the next one is tomorrow's, and that is what is shown.
    expect(text).toContain(
      "Preview of the next digest, for Tuesday, 24 November 2026, as this channel would get it; shown only to you.",
    );
    expect(text).toContain("Key takeaways for Tuesday, 24 November 2026");
    expect(text).not.toContain("*Key takeaways*"); // one header, not two
    // Not subscribed: the footer says how to subscribe, not how to stop.
    expect(text).toContain("`/nkru digest subscribe` to get this every day");
    await h.store.subscribe("C1");
    expect(JSON.stringify((await ack(h, "digest")).blocks)).toContain("`/nkru digest unsubscribe` to stop these");
  });

  it("subscribes a direct message as a personal digest, without invitation advice", async () => {
    h = await withDigest();
    const sub = await ack(h, "digest subscribe", "D0DM");
    expect(JSON.stringify(sub.blocks)).toContain(
      "This conversation will get the daily digest every day at 09:00 (UTC)",
    );
    expect(JSON.stringify(sub.blocks)).not.toContain("/invite");
    expect((await h.store.subscriptions()).channels).toEqual(["D0DM"]);
  });

  it("refuses to subscribe when Slack named no conversation, instead of storing none", async () => {
    h = await withDigest();
    const sub = await ack(h, "digest subscribe", "");
    expect(JSON.stringify(sub.blocks)).toContain("I can't tell which conversation this is");
    expect((await h.store.subscriptions()).channels).toEqual([]);
  });

  it("says so when the digest is not set up", async () => {
    h = await startHarness();
    expect(JSON.stringify((await ack(h, "digest")).blocks)).toContain("not set up");
  });
});

describe("a replayed slash command", () => {
  const form = "application/x-www-form-urlencoded";
  it("a replayed slash command acts once: an unsubscribe replayed after re-subscribing leaves the channel subscribed", async () => {
    const command = (text: string, trigger: string) =>
      new URLSearchParams({
        command: "/nkru",
        text,
        user_id: "U123",
        channel_id: "C1",
        team_id: "T1",
        response_url: `${HOOKS}/commands/1`,
        trigger_id: trigger,
      }).toString();
    const unsubscribe = command("digest unsubscribe", "7.7.7");
    h = await withDigest();
    await h.store.subscribe("C1");
    await (h as Harness).post(unsubscribe, form);
    await (h as Harness).post(command("digest subscribe", "7.7.8"), form);
    expect((await (h as Harness).post(unsubscribe, form)).status).toBe(200); // the replay
    expect((await (h as Harness).store.subscriptions()).channels).toEqual(["C1"]);
  });
});

describe("Ask about this", () => {
  it("answers a question on the takeaway's topic, privately", async () => {
    h = await startHarness();
    const responses = mockResponseUrl();
    await h.action({
      user: { id: "U123" },
      channel: { id: "C1" },
      container: { type: "message", message_ts: "1.1", channel_id: "C1", is_ephemeral: false },
      response_url: `${HOOKS}/actions/digest`,
      actions: [
        { type: "button", action_id: "digest_ask", value: "protected UN sanctions accountability", action_ts: "1" },
      ],
    });
    expect(responses.calls[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(JSON.stringify(responses.calls[0])).toMatch(/protected North Korea from UN sanctions/);
  });
});

describe("/nkru reindex", () => {
  it("is refused to users not in ADMIN_USER_IDS", async () => {
    let calls = 0;
    h = await startHarness({
      adminUserIds: ["UADMIN"],
      reindex: async () => {
        calls++;
        return { ok: true, documents: 3, passages: 40, ms: 5 };
      },
    });
    expect(JSON.stringify((await ack(h, "reindex", "C1", "U123")).blocks)).toContain(
      "Only the admins listed in ADMIN_USER_IDS",
    );
    expect(calls).toBe(0);
  });

  it("re-indexes for an admin and reports the result, or the failure, through response_url", async () => {
    const results = [
      { ok: true as const, documents: 4, passages: 51, ms: 12.4 },
      { ok: false as const, error: "corpus folder /corpus does not exist" },
    ];
    h = await startHarness({
      adminUserIds: ["UADMIN"],
      reindex: async () => results.shift() ?? { ok: false, error: "x" },
    });
    const responses = mockResponseUrl(2);
    expect((await ack(h, "reindex", "C1", "UADMIN")).text).toMatch(/Re-indexing the corpus/);
    await ack(h, "reindex", "C1", "UADMIN");
    expect(JSON.stringify(responses.calls[0])).toContain("Re-indexed: 4 documents, 51 passages, in 12 ms.");
    expect(JSON.stringify(responses.calls[1])).toContain(
      "Re-indexing failed, so I'm still answering from the previous index: corpus folder /corpus does not exist",
    );
  });
});

describe("Subscribe buttons", () => {
  it("help in a channel offers the digest with a Subscribe button that subscribes the channel", async () => {
    h = await withDigest();
    const help = JSON.stringify((await ack(h, "help")).blocks);
    expect(help).toContain("*Daily digest* every day at 09:00 UTC");
    expect(help).toContain('"action_id":"digest_subscribe"');
    expect(help).toContain('"value":"C1"');
    const reply = mockResponseUrl();
    await h.action({
      user: { id: "U123" },
      channel: { id: "C1" },
      container: { type: "message" },
      response_url: `${HOOKS}/actions/1`,
      actions: [{ type: "button", action_id: "digest_subscribe", value: "C1", action_ts: "1" }],
    });
    expect((await h.store.subscriptions()).channels).toEqual(["C1"]);
    expect(JSON.stringify(reply.calls[0])).toContain("<#C1> will get the daily digest");
    // Subscribed: help says so instead of offering the button again.
    const again = JSON.stringify((await ack(h, "help")).blocks);
    expect(again).toContain("This channel gets it.");
    expect(again).not.toContain('"action_id":"digest_subscribe"');
  });

  it("App Home shows the corpus, how to add an article, the newest sources, and subscribes the Messages tab", async () => {
    h = await withDigest();
    const views: Record<string, unknown>[] = [];
    nock("http://slack.test")
      .post("/api/views.publish", (b) => {
        views.push(b as Record<string, unknown>);
        return true;
      })
      .times(2)
      .reply(200, { ok: true });
    await h.event({ type: "app_home_opened", user: "U123", channel: "D1", tab: "home", event_ts: "1.2" });
    const home = String(views[0]?.view);
    expect(home).toContain("*Add an article*");
    expect(home).toMatch(/\*3 articles, \d+ passages\*/);
    expect(home).toContain("*Newest sources*");
    expect(home).toContain('"action_id":"digest_subscribe"');
    expect(home).toContain('"value":"D1"');
    await h.action({
      user: { id: "U123" },
      container: { type: "view", view_id: "V1" },
      view: { id: "V1", type: "home" },
      actions: [{ type: "button", action_id: "digest_subscribe", value: "D1", action_ts: "1" }],
    });
    expect((await h.store.subscriptions()).channels).toEqual(["D1"]);
    expect(String(views[1]?.view)).toContain("Your Messages tab gets it.");
  });
});

describe("example questions", () => {
  it("every example help and App Home show is answered with confidence from the bundled corpus", async () => {
    h = await withDigest();
    const help = JSON.stringify((await ack(h, "help")).blocks);
    const views: string[] = [];
    nock("http://slack.test")
      .post("/api/views.publish", (b) => {
        views.push(String((b as Record<string, unknown>).view));
        return true;
      })
      .reply(200, { ok: true });
    await h.event({ type: "app_home_opened", user: "U123", channel: "D1", tab: "home", event_ts: "1.2" });
    for (const text of [help, views[0] ?? ""]) {
      const examples = [...text.matchAll(/`\/nkru ([^`<]+\?)`/g)].map((m) => (m[1] as string).replace(/\\"/g, '"'));
      expect(examples.length).toBeGreaterThanOrEqual(2);
      for (const e of examples) expect(bundledKnowledgeBase().answer(e).confident, e).toBe(true);
    }
  });
});
