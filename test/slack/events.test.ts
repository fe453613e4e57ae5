import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API, BOT_USER, type Harness, mockApi, nock, startHarness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(nock.pendingMocks()).toEqual([]);
  await h.close();
});

const mention = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "app_mention",
  user: "U123",
  text: `<@${BOT_USER}> ${text}`,
  ts: "1700000000.000100",
  channel: "C1",
  event_ts: "1700000000.000100",
  ...extra,
});

describe("@nkru mentions", () => {
  it("answers in a thread under the mention", async () => {
    const post = mockApi("chat.postMessage", { ok: true, ts: "1700000001.000200" });
    const res = await h.event(mention("Who is Andrei Kozyrev?"));
    expect(res.status).toBe(200);
    expect(post.calls).toHaveLength(1);
    const msg = post.calls[0] as { channel: string; thread_ts: string; text: string; blocks: unknown[] };
    expect(msg.channel).toBe("C1");
    expect(msg.thread_ts).toBe("1700000000.000100");
    expect(JSON.stringify(msg.blocks)).toMatch(/former Russian foreign minister/);
    // A visible answer has no "Share in channel" button.
    expect(JSON.stringify(msg.blocks)).not.toMatch(/share_answer/);
    expect(h.logs().find((l) => l.msg === "request")).toMatchObject({
      kind: "event",
      name: "app_mention",
      outcome: "answered",
    });
  });

  it("answers inside the thread a mention was made in", async () => {
    const post = mockApi("chat.postMessage");
    await h.event(mention("Is Russia desperate?", { ts: "1700000005.000100", thread_ts: "1700000000.000001" }));
    expect(post.calls[0]).toMatchObject({ thread_ts: "1700000000.000001" });
  });

  it("answers a bare mention with help, not silence", async () => {
    const post = mockApi("chat.postMessage");
    await h.event(mention(""));
    // "…, for example:" is followed by example questions, not by the product description.
    const blocks = (post.calls[0]?.blocks ?? []) as { text?: { text?: string } }[];
    const first = String(blocks[0]?.text?.text);
    expect(first).toMatch(/^Ask me a question about North Korea and Russia, for example:\n• `\/nkru [^`]+\?`/);
  });

  it("answers once when Slack re-delivers the event", async () => {
    const post = mockApi("chat.postMessage");
    const ev = mention("Is Russia desperate?");
    await h.event(ev, { event_id: "EvSAME" });
    const retry = await h.event(ev, { event_id: "EvSAME" }, { retryNum: 1 });
    expect(retry.status).toBe(200);
    expect(post.calls).toHaveLength(1);
    expect(
      h
        .logs()
        .filter((l) => l.msg === "request")
        .map((l) => l.outcome),
    ).toEqual(["answered", "duplicate"]);
  });

  it("answers once when a message arrives as both app_mention and message.im", async () => {
    const post = mockApi("chat.postMessage");
    const base = { user: "U123", text: `<@${BOT_USER}> Is Russia desperate?`, ts: "1700000009.000100", channel: "D1" };
    await h.event({ ...base, type: "app_mention", event_ts: base.ts });
    await h.event({ ...base, type: "message", channel_type: "im", event_ts: base.ts });
    expect(post.calls).toHaveLength(1);
  });

  it("tells the user how to invite the bot when it is not in the channel", async () => {
    const post = mockApi("chat.postMessage", { ok: false, error: "not_in_channel" });
    const ephemeral = mockApi("chat.postEphemeral", { ok: true });
    await h.event(mention("Is Russia desperate?"));
    expect(post.calls).toHaveLength(1);
    expect(ephemeral.calls[0]).toMatchObject({ channel: "C1", user: "U123" });
    expect(String(ephemeral.calls[0]?.text)).toMatch(/\/invite @nkru/);
    expect(h.logs().find((l) => l.msg === "could not post reply")).toMatchObject({ code: "not_in_channel" });
    expect(h.logs().find((l) => l.msg === "request")).toMatchObject({ outcome: "post_failed:not_in_channel" });
  });

  it.each([
    ["channel_not_found", /invite me/],
    ["is_archived", /archived/],
  ])("turns %s into words for the user", async (code, words) => {
    mockApi("chat.postMessage", { ok: false, error: code });
    const ephemeral = mockApi("chat.postEphemeral", { ok: true });
    await h.event(mention("Is Russia desperate?"));
    expect(String(ephemeral.calls[0]?.text)).toMatch(words);
  });

  it("retries after Retry-After when rate limited, and posts once", async () => {
    const posted: unknown[] = [];
    nock(API).post("/api/chat.postMessage").reply(429, { ok: false, error: "ratelimited" }, { "Retry-After": "0" });
    nock(API)
      .post("/api/chat.postMessage", (b) => {
        posted.push(b);
        return true;
      })
      .reply(200, { ok: true });
    await h.event(mention("Is Russia desperate?"));
    expect(posted).toHaveLength(1);
    expect(h.logs().find((l) => l.msg === "request")).toMatchObject({ outcome: "answered" });
  });

  it("tells the user in words when Slack cannot be reached, and does not fall over", async () => {
    nock(API).post("/api/chat.postMessage").times(3).replyWithError("socket hang up");
    const ephemeral = mockApi("chat.postEphemeral", { ok: true });
    await h.event(mention("Is Russia desperate?"));
    expect(String(ephemeral.calls[0]?.text)).toMatch(/couldn't reach Slack/);
    // Still answering afterwards.
    const post = mockApi("chat.postMessage");
    await h.event(mention("Who is Kozyrev?", { ts: "1700000100.000100" }));
    expect(post.calls).toHaveLength(1);
  });
});

describe("direct messages", () => {
  const dm = (text: string, extra: Record<string, unknown> = {}) => ({
    type: "message",
    channel_type: "im",
    channel: "D1",
    user: "U123",
    text,
    ts: "1700000200.000100",
    event_ts: "1700000200.000100",
    ...extra,
  });

  it("answers in the DM", async () => {
    const post = mockApi("chat.postMessage");
    await h.event(dm("What did Russia send Kim as a gift?"));
    expect(post.calls[0]).toMatchObject({ channel: "D1" });
    expect(post.calls[0]?.thread_ts).toBeUndefined();
    expect(JSON.stringify(post.calls[0]?.blocks)).toMatch(/limousine/);
  });

  it("ignores the bot's own messages, other bots, edits and channel messages", async () => {
    await h.event(dm("my own answer", { user: BOT_USER, bot_id: "B0BOT" }));
    await h.event(dm("another bot", { bot_id: "B999", subtype: "bot_message", user: undefined }));
    await h.event(dm("edited", { subtype: "message_changed", ts: "1700000300.1" }));
    await h.event(dm("in a channel", { channel_type: "channel", channel: "C9", ts: "1700000400.1" }));
    // No chat.postMessage was mocked: any reply would have failed the afterEach check or logged a post failure.
    expect(h.logs().some((l) => l.msg === "could not post reply")).toBe(false);
  });
});

describe("App Home", () => {
  it("publishes what nkru is, how to ask, the sources and the digest schedule", async () => {
    const publish = mockApi("views.publish");
    await h.event({ type: "app_home_opened", user: "U123", channel: "D1", tab: "home", event_ts: "1.2" });
    expect(publish.calls[0]).toMatchObject({ user_id: "U123" });
    const view = publish.calls[0]?.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    const text = JSON.stringify(view.blocks);
    expect(text).toMatch(/How to ask/);
    expect(text).toMatch(/Putin and Kim Jong Un Forge Dangerous Alliance/);
    expect(text).toMatch(/every day at 09:00 UTC/);
  });

  it("does nothing for the Messages tab", async () => {
    await h.event({ type: "app_home_opened", user: "U123", channel: "D1", tab: "messages", event_ts: "1.3" });
    expect(h.logs().find((l) => l.msg === "request")).toMatchObject({ outcome: "ignored" });
  });
});
