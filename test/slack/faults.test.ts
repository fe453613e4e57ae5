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
