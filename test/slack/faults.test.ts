/**
 * Faults a user would otherwise meet as silence, through the real Bolt stack: each ends
 * in words for the user and one log line.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { KnowledgeBase } from "../../src/core/knowledge-base.js";
import { MAX_THREAD_PAGES } from "../../src/slack/thread/read-thread.js";
import { bundledKnowledgeBase } from "../helpers/corpus.js";
import {
  API,
  apiBody,
  BOT_USER,
  type Harness,
  HOOKS,
  jsonOf,
  mockApi,
  mockResponseUrl,
  nock,
  startHarness,
} from "./harness.js";

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  nock.cleanAll();
});

const requests = (harness: Harness) => harness.logs().filter((l) => l.msg === "request");

describe("a failing listener", () => {
  it("leaves the user a reply in words and logs one line with the stack of the bug", async () => {
    // A knowledge base that fails when asked: a bug in answering, as the user would meet it.
    const real = bundledKnowledgeBase();
    const broken = new Proxy(real, {
      get: (target, key) =>
        key === "answer"
          ? () => {
              throw new Error("boom in answering");
            }
          : Reflect.get(target, key),
    }) as KnowledgeBase;
    h = await startHarness({ kb: broken });
    const responses = mockResponseUrl();
    await h.action({
      user: { id: "U123" },
      channel: { id: "C1" },
      container: { type: "message", message_ts: "1.1", channel_id: "C1", is_ephemeral: false },
      response_url: `${HOOKS}/actions/digest`,
      actions: [{ type: "button", action_id: "digest_ask", value: "sanctions", action_ts: "1" }],
    });
    expect(responses.calls[0]).toMatchObject({ response_type: "ephemeral", text: expect.stringMatching(/went wrong/) });
    const failed = h.logs().filter((l) => l.msg === "request failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ code: "internal_error", err: { message: "boom in answering" } });
    expect(requests(h)[0]).toMatchObject({ outcome: "error:internal_error" });
  });
});

describe("a reply in a DM that Slack refuses", () => {
  it("tells the user privately why, in words", async () => {
    h = await startHarness();
    mockApi("chat.postMessage", { ok: false, error: "msg_too_long" });
    const told = mockApi("chat.postEphemeral");
    await h.event({
      type: "message",
      channel_type: "im",
      channel: "D1",
      user: "U123",
      text: "What did Russia send Kim as a gift?",
      ts: "1700000200.000100",
      event_ts: "1700000200.000100",
    });
    expect(told.calls[0]).toMatchObject({ channel: "D1", user: "U123", text: expect.stringMatching(/\w{4}/) });
    expect(requests(h)[0]?.outcome).toBe("post_failed:msg_too_long");
  });
});

describe("a hung response_url", () => {
  it("is given up after the timeout, and the request ends", async () => {
    h = await startHarness({ responseTimeoutMs: 300 });
    nock(HOOKS).post(/.*/).times(3).delay(5000).reply(200, "ok");
    const started = performance.now();
    await h.action({
      user: { id: "U123" },
      channel: { id: "C1" },
      container: { type: "message", message_ts: "1.1", channel_id: "C1", is_ephemeral: true },
      response_url: `${HOOKS}/actions/share`,
      actions: [
        { type: "button", action_id: "share_answer", value: JSON.stringify({ q: "Who is Kozyrev?" }), action_ts: "1" },
      ],
    });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(requests(h)[0]?.outcome).toBe("error");
  });
});

describe("a thread whose cursor never ends", () => {
  it("stops at the page cap and says it summarized the start", async () => {
    h = await startHarness();
    let calls = 0;
    nock(API)
      .post("/api/conversations.replies")
      .times(MAX_THREAD_PAGES + 5)
      .reply(200, (_uri, body) => {
        calls++;
        const page = Number(String(apiBody(body).cursor ?? "p0").slice(1));
        return {
          ok: true,
          messages: [
            {
              type: "message",
              user: "U01",
              text: `North Korea sent shells by rail, report ${page}.`,
              ts: `17000${page}.0001`,
              thread_ts: "1700000000.0001",
            },
            {
              type: "message",
              user: "U02",
              text: `Russia vetoed the UN panel renewal, note ${page}.`,
              ts: `17000${page}.0002`,
              thread_ts: "1700000000.0001",
            },
          ],
          has_more: true,
          response_metadata: { next_cursor: `p${page + 1}` },
        };
      });
    nock(API)
      .post("/api/users.info")
      .times(2)
      .reply(200, { ok: true, user: { name: "someone" } });
    mockApi("chat.getPermalink", { ok: true, permalink: "https://example.slack.com/archives/C1/p1700000000000100" });
    const post = mockApi("chat.postMessage");
    await h.event({
      type: "app_mention",
      user: "U01",
      text: `<@${BOT_USER}> summarize`,
      ts: "1700009999.000100",
      thread_ts: "1700000000.0001",
      channel: "C1",
      event_ts: "1700009999.000100",
    });
    expect(calls).toBe(MAX_THREAD_PAGES);
    expect(JSON.stringify(post.calls[0]?.blocks)).toMatch(
      /longer than I read in one go, so this summarizes its first 100 messages/,
    );
  });
});

const mention = (channel: string, ts: string, text = "What did Russia send Kim as a gift?") => ({
  type: "app_mention",
  user: "U123",
  text: `<@${BOT_USER}> ${text}`,
  channel,
  ts,
  event_ts: ts,
});

describe("a post whose response is slow", () => {
  it("is posted once: nkru looks for it in the thread instead of posting again", async () => {
    h = await startHarness({ responseTimeoutMs: 300 });
    const posts: Record<string, unknown>[] = [];
    nock(API)
      .post("/api/chat.postMessage", (body) => {
        posts.push(apiBody(body));
        return true;
      })
      .delay(1500) // Slack took the post, but answers after nkru gave up waiting.
      .reply(200, { ok: true, ts: "1700000101.000200" });
    nock(API)
      .post("/api/conversations.replies", (body) => apiBody(body).ts === "1700000100.000100")
      .reply(200, () => ({
        ok: true,
        has_more: false,
        messages: [
          { type: "message", user: "U123", text: "question", ts: "1700000100.000100" },
          {
            type: "message",
            bot_id: "B0BOT",
            text: "answer",
            ts: "1700000101.000200",
            metadata: JSON.parse(String(posts[0]?.metadata)),
          },
        ],
      }));
    await h.event(mention("C1", "1700000100.000100"));
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]?.metadata)).toMatch(/nkru_post/);
    expect(requests(h)[0]?.outcome).toBe("answered");
  });
});

describe("a rate limit in one channel", () => {
  it("holds back only that channel: another channel's reply goes out at once", async () => {
    h = await startHarness();
    const arrived: Record<string, number[]> = { CSLOW: [], CFAST: [] };
    const started = performance.now();
    nock(API)
      .post("/api/chat.postMessage", (body) => apiBody(body).channel === "CSLOW")
      .reply(() => {
        (arrived.CSLOW as number[]).push(performance.now() - started);
        return [429, { ok: false, error: "ratelimited" }, { "Retry-After": "1" }];
      });
    nock(API)
      .post("/api/chat.postMessage", (body) => apiBody(body).channel === "CSLOW")
      .reply(() => {
        (arrived.CSLOW as number[]).push(performance.now() - started);
        return [200, { ok: true, ts: "1.1" }];
      });
    nock(API)
      .post("/api/chat.postMessage", (body) => apiBody(body).channel === "CFAST")
      .reply(() => {
        (arrived.CFAST as number[]).push(performance.now() - started);
        return [200, { ok: true, ts: "1.2" }];
      });
    await h.event(mention("CSLOW", "1700000200.000100"), {}, { wait: false });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the slow channel's 429 has been answered
    await h.event(mention("CFAST", "1700000201.000100"), {}, { wait: false });
    await h.slack.idle();
    const [first, retried] = arrived.CSLOW as number[];
    expect(retried ?? 0).toBeGreaterThanOrEqual((first ?? 0) + 950); // the slow channel waited out Retry-After
    expect((arrived.CFAST as number[])[0] ?? Number.POSITIVE_INFINITY).toBeLessThan((first ?? 0) + 1000);
    expect(requests(h).map((r) => r.outcome)).toEqual(["answered", "answered"]);
  });
});

describe("a handled Slack error", () => {
  it("is one log line with its code, not a stack trace, and the user is told how to fix it", async () => {
    h = await startHarness();
    mockApi("chat.postMessage", { ok: false, error: "not_in_channel" });
    const told = mockApi("chat.postEphemeral");
    await h.event(mention("C9", "1700000300.000100"));
    const lines = h.logs().filter((l) => l.msg === "could not post reply");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ code: "not_in_channel", channel: "C9" });
    expect(lines[0]?.err).toBeUndefined();
    expect(h.rawLog()).not.toMatch(/"stack"/);
    expect(String(told.calls[0]?.text)).toMatch(/\/invite @nkru/);
  });
});

describe("a slow store", () => {
  it("acknowledges a slash command within its budget and sends the reply through response_url", async () => {
    const { SqliteStore } = await import("../../src/store/sqlite-store.js");
    class SlowStore extends SqliteStore {
      override async subscriptions() {
        await new Promise((r) => setTimeout(r, 400));
        return super.subscriptions();
      }
    }
    const slow = await startHarness({
      store: new SlowStore(":memory:"),
      ackBudgetMs: 50,
      digest: {
        describe: () => "every day at 09:00 UTC",
        today: () => "2026-11-23",
        nextDate: () => "2026-11-24",
        contentFor: async () => {
          throw new Error("not used");
        },
      },
    });
    try {
      const reply = mockResponseUrl();
      const started = Date.now();
      const ack = await jsonOf<{ text: string }>(await slow.command("digest status"));
      expect(ack.text).toBe("This is taking a moment; the answer will follow here.");
      expect(JSON.stringify(reply.calls[0])).toContain("*Daily digest:* every day at 09:00 UTC");
      expect(Date.now() - started).toBeLessThan(5000);
      expect(slow.logs().find((l) => l.msg === "request")).toMatchObject({ outcome: "digest_status_late" });
    } finally {
      await slow.close();
    }
  });
});
