import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drain } from "../../src/core/centrality/centrality.js";
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

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(nock.pendingMocks()).toEqual([]);
  await h.close();
});

const PARENT = "1700000000.000100";
const USERS = ["U01", "U02", "U03", "U04", "U05"];
const LINES = [
  "North Korea shipped more artillery shells to Russia by rail this week.",
  "Russia vetoed the renewal of the UN panel of experts on sanctions.",
  "Without the panel, enforcement of sanctions on North Korea will weaken.",
  "Kim Jong Un may receive satellite technology from Moscow in return.",
  "South Korea is reconsidering military aid to Ukraine because of this.",
  "Does anyone know whether the shipments go through Rajin port?",
];

/** A thread of `count` messages; message i is said by USERS[i % 5]. */
function threadMessages(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    type: "message",
    user: USERS[i % USERS.length],
    text: i === 0 ? `Thread start. ${LINES[0]}` : (LINES[i % LINES.length] as string),
    ts: i === 0 ? PARENT : `1700000${String(i).padStart(3, "0")}.${String(i).padStart(6, "0")}`,
    thread_ts: PARENT,
  }));
}

/** Serves the messages as conversations.replies pages of 200, following cursors. */
function servePages(messages: unknown[]) {
  const pages = Math.ceil(messages.length / 200);
  const cursors: (string | undefined)[] = [];
  for (let p = 0; p < pages; p++) {
    nock(API)
      .post("/api/conversations.replies", (body) => {
        const b = apiBody(body);
        if (b.ts !== PARENT || b.channel !== "C1") return false;
        return p === 0 ? b.cursor === undefined : b.cursor === `page${p}`;
      })
      .reply(200, () => {
        cursors.push(p === 0 ? undefined : `page${p}`);
        const last = p === pages - 1;
        return {
          ok: true,
          messages: messages.slice(p * 200, (p + 1) * 200),
          has_more: !last,
          response_metadata: { next_cursor: last ? "" : `page${p + 1}` },
        };
      });
  }
  return cursors;
}

function serveUsers() {
  const looked: string[] = [];
  nock(API)
    .post("/api/users.info", (body) => {
      looked.push(String(apiBody(body).user));
      return true;
    })
    .times(USERS.length)
    .reply(200, (_uri, body) => {
      const id = String(apiBody(body).user);
      return {
        ok: true,
        user: {
          id,
          name: id.toLowerCase(),
          real_name: `Person ${id}`,
          profile: { display_name: `person-${id.slice(-1)}` },
        },
      };
    });
  return looked;
}

const permalink = () =>
  mockApi("chat.getPermalink", {
    ok: true,
    permalink: `https://example.slack.com/archives/C1/p${PARENT.replace(".", "")}`,
  });

const mentionInThread = (text: string) => ({
  type: "app_mention",
  user: "U01",
  text: `<@${BOT_USER}> ${text}`,
  ts: "1700009999.000100",
  thread_ts: PARENT,
  channel: "C1",
  event_ts: "1700009999.000100",
});

describe("a 10,000-message thread", () => {
  it("is summarized without holding the event loop: no turn over 50 ms", async () => {
    servePages(threadMessages(10_000));
    serveUsers();
    permalink();
    const post = mockApi("chat.postMessage");
    // The app warms its answer path up when it starts (main.ts); so does this test, so that the
    // measure is of serving, not of the first compilation of the code.
    drain(h.knowledge.current?.kb.warmUpInSteps() as Generator<void, unknown>);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await h.event(mentionInThread("summarize"));
    delay.disable();
    expect(JSON.stringify(post.calls[0]?.blocks)).toContain("*Thread summary*: 10000 messages");
    // In nanoseconds; the resolution adds up to 5 ms. The suite's other test files run on the same two
    // cores, so one turn may be stretched by the operating system: the 99th percentile is held to 50 ms,
    // and the longest to well under the 3.3 s one summary held the loop for before.
    expect(delay.percentile(99) / 1e6).toBeLessThan(50);
    expect(delay.max / 1e6).toBeLessThan(250);
  });
});

describe("@nkru summarize in a thread", () => {
  it("reads a 1,200-message thread in full over several pages and posts the summary in the thread", async () => {
    const cursors = servePages(threadMessages(1200));
    const looked = serveUsers();
    permalink();
    const post = mockApi("chat.postMessage");
    await h.event(mentionInThread("summarize"));

    expect(cursors).toEqual([undefined, "page1", "page2", "page3", "page4", "page5"]);
    expect(looked.sort()).toEqual(USERS); // each name looked up once
    expect(post.calls[0]).toMatchObject({ channel: "C1", thread_ts: PARENT });
    const blocks = JSON.stringify(post.calls[0]?.blocks);
    expect(blocks).toContain(
      "*Thread summary*: 1200 messages from 5 people (person-1, person-2, person-3, person-4, person-5)",
    );
    expect(blocks).toContain("*Key points*");
    expect(blocks).toMatch(/panel of experts/);
    expect(blocks).toMatch(
      /_person-\d_ · <https:\/\/example\.slack\.com\/archives\/C1\/p\d+\?thread_ts=1700000000\.000100&cid=C1\|view>/,
    );
    expect(blocks).toContain("*From the corpus*");
    expect(blocks).not.toMatch(/<@U0/); // names, never pings
    expect(h.logs().find((l) => l.msg === "request")).toMatchObject({ outcome: "summarized" });
  });

  it.each(["summary", "tl;dr", "TL;DR", "summarize this thread"])("also answers to %j", async (word) => {
    servePages(threadMessages(12));
    serveUsers();
    permalink();
    const post = mockApi("chat.postMessage");
    await h.event(mentionInThread(word));
    expect(JSON.stringify(post.calls[0]?.blocks)).toContain("*Thread summary*");
  });

  it("outside a thread, explains how to ask", async () => {
    const post = mockApi("chat.postMessage");
    await h.event({ ...mentionInThread("summarize"), thread_ts: undefined });
    expect(post.calls[0]?.text).toMatch(/inside a thread/);
  });

  it("retries conversations.replies after Retry-After when rate limited", async () => {
    nock(API)
      .post("/api/conversations.replies")
      .reply(429, { ok: false, error: "ratelimited" }, { "Retry-After": "0" });
    servePages(threadMessages(12));
    serveUsers();
    permalink();
    const post = mockApi("chat.postMessage");
    await h.event(mentionInThread("summarize"));
    expect(JSON.stringify(post.calls[0]?.blocks)).toContain("*Thread summary*");
  });
});

describe("the Summarize thread shortcut", () => {
  const shortcut = (message: Record<string, unknown>) => ({
    callback_id: "summarize_thread",
    trigger_id: "1.2",
    message_ts: message.ts,
    message,
    user: { id: "U02", name: "ben" },
    channel: { id: "C1", name: "general" },
    response_url: `${HOOKS}/shortcut/1`,
    action_ts: "1.3",
  });

  it("on a reply, shows the summary only to the person who asked, in that thread", async () => {
    servePages(threadMessages(30));
    serveUsers();
    permalink();
    const ephemeral = mockApi("chat.postEphemeral");
    await h.shortcut(
      shortcut({ type: "message", user: "U03", ts: "1700000005.000005", thread_ts: PARENT, text: "a reply" }),
    );
    expect(ephemeral.calls[0]).toMatchObject({ channel: "C1", user: "U02", thread_ts: PARENT });
    expect(JSON.stringify(ephemeral.calls[0]?.blocks)).toContain("*Thread summary*: 30 messages from 5 people");
  });

  it("on the parent message, summarizes its thread", async () => {
    servePages(threadMessages(12));
    serveUsers();
    permalink();
    const ephemeral = mockApi("chat.postEphemeral");
    await h.shortcut(shortcut({ type: "message", user: "U01", ts: PARENT, text: "parent", reply_count: 11 }));
    expect(ephemeral.calls[0]).toMatchObject({ thread_ts: PARENT });
  });

  it.each([
    ["not_in_channel", /\/invite @nkru/],
    ["channel_not_found", /private channel, invite me/],
    ["thread_not_found", /may have been deleted/],
  ])("%s: a reply in words through response_url", async (code, words) => {
    mockApi("conversations.replies", { ok: false, error: code });
    const responses = mockResponseUrl();
    await h.shortcut(shortcut({ type: "message", user: "U01", ts: PARENT, text: "parent" }));
    expect(responses.calls[0]).toMatchObject({ response_type: "ephemeral" });
    expect(String(responses.calls[0]?.text)).toMatch(words);
    expect(h.logs().find((l) => l.msg === "request")).toMatchObject({ outcome: `summary_failed:${code}` });
  });

  it.each([
    [
      "a thread of one message",
      [{ type: "message", user: "U01", text: "Only me here.", ts: PARENT }],
      /only one message/,
    ],
    [
      "a thread of only emoji and links",
      [
        { type: "message", user: "U01", text: ":eyes: <https://x.example>", ts: PARENT },
        { type: "message", user: "U02", text: ":+1: 🚀", ts: "1700000001.000001", thread_ts: PARENT },
      ],
      /only emoji, links or code/,
    ],
  ])("%s: a reply in words", async (_name, messages, words) => {
    nock(API).post("/api/conversations.replies").reply(200, { ok: true, messages, has_more: false });
    nock(API)
      .post("/api/users.info")
      .times(2)
      .optionally()
      .reply(200, { ok: true, user: { id: "U01", name: "u" } });
    const responses = mockResponseUrl();
    await h.shortcut(shortcut({ type: "message", user: "U01", ts: PARENT, text: "x" }));
    expect(String(responses.calls[0]?.text)).toMatch(words);
    nock.cleanAll();
  });
});
