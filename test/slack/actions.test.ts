import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import type { FeedbackRecord } from "../../src/store/store.js";
import { type Harness, HOOKS, jsonOf, mockApi, mockResponseUrl, nock, startHarness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(nock.pendingMocks()).toEqual([]);
  await h.close();
});

const QUESTION = "Who is Andrei Kozyrev?";
const button = (action_id: string, value: string, ephemeral = true) => ({
  user: { id: "U123", username: "ana" },
  channel: { id: "C1", name: "general" },
  container: { type: "message", message_ts: "1700000000.1", channel_id: "C1", is_ephemeral: ephemeral },
  response_url: `${HOOKS}/actions/T1/1/xyz`,
  trigger_id: "1.2.3",
  actions: [{ type: "button", action_id, block_id: "answer_actions", value, action_ts: "1.2" }],
});

describe("Share in channel", () => {
  it("posts the answer visibly, crediting the asker, and removes the private copy", async () => {
    const responses = mockResponseUrl(2);
    const res = await h.action(button("share_answer", JSON.stringify({ q: QUESTION })));
    expect(res.status).toBe(200);
    const [shared, removed] = responses.calls as Record<string, unknown>[];
    expect(shared).toMatchObject({ response_type: "in_channel", replace_original: false });
    const blocks = JSON.stringify(shared?.blocks);
    expect(blocks).toContain("Asked by <@U123> with `/nkru`");
    expect(blocks).toMatch(/former Russian foreign minister/);
    expect(blocks).not.toMatch(/share_answer/);
    expect(removed).toEqual({ delete_original: true });
  });
});

describe("Show context", () => {
  it("shows the whole passage privately", async () => {
    const responses = mockResponseUrl();
    await h.action(button("show_context", "fortify-alliance#6"));
    const reply = responses.calls[0] as { response_type: string; blocks: unknown[] };
    expect(reply.response_type).toBe("ephemeral");
    const text = JSON.stringify(reply.blocks);
    expect(text).toMatch(/Speaking from the United States/); // the sentence after the excerpt
    expect(text).toMatch(/Putin and Kim Jong Un Seek to Fortify Their Alliance/);
    // The passage before, so "the move" the excerpt criticises is there too.
    const before = (reply.blocks as { type: string; elements?: { text: string }[] }[]).find(
      (b) => b.type === "context" && b.elements?.[0]?.text.startsWith("Before: "),
    );
    expect(before?.elements?.[0]?.text).toMatch(/^Before: .{40,}/);
  });

  it("says so when the passage is gone", async () => {
    const responses = mockResponseUrl();
    await h.action(button("show_context", "no-such-doc#1"));
    expect(JSON.stringify(responses.calls[0])).toMatch(/no longer in the corpus/);
  });
});

describe("feedback", () => {
  it("records the vote with question, cited passages, user and time, then thanks instead of the buttons", async () => {
    const responses = mockResponseUrl();
    await h.action(button("feedback_up", JSON.stringify({ q: QUESTION })));
    const records = await h.store.feedback();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ user: "U123", vote: "up", question: QUESTION, channel: "C1" });
    expect(records[0]?.cited).toContain("fortify-alliance#6");
    expect(Date.parse(records[0]?.at ?? "")).not.toBeNaN();

    const redraw = responses.calls[0] as { replace_original: boolean; blocks: unknown[] };
    expect(redraw.replace_original).toBe(true);
    const text = JSON.stringify(redraw.blocks);
    expect(text).toMatch(/Thanks for the feedback/);
    expect(text).not.toMatch(/feedback_up|feedback_down/);
    expect(text).toMatch(/share_answer/);
  });

  it("thanks privately on a shared answer, leaving it as it is for everyone", async () => {
    const responses = mockResponseUrl();
    await h.action(button("feedback_down", JSON.stringify({ q: QUESTION }), false));
    expect((await h.store.feedback())[0]).toMatchObject({ vote: "down" });
    expect(responses.calls[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
  });

  it("keeps one vote per person per answer: a change of mind replaces the first vote", async () => {
    mockResponseUrl(2);
    mockApi("views.open");
    await h.action(button("feedback_up", JSON.stringify({ q: QUESTION })));
    await h.action({ ...button("feedback_down", JSON.stringify({ q: QUESTION })), trigger_id: "2.3.4" });
    const records = await h.store.feedback();
    expect(records.map((r) => [r.user, r.vote])).toEqual([["U123", "down"]]);
  });

  it("asks what was wrong after a 👎, in an optional dialog whose answer is kept with the vote", async () => {
    mockResponseUrl();
    const open = mockApi("views.open");
    await h.action(button("feedback_down", JSON.stringify({ q: QUESTION })));
    const view = open.calls[0]?.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string }[];
    };
    expect(open.calls[0]?.trigger_id).toMatch(/\.test$/); // the click's own trigger, as the harness numbered it
    expect(view.callback_id).toBe("feedback_reason");
    expect(view.blocks.map((b) => b.block_id)).toEqual(["kind", "text"]);
    const res = await h.post(
      new URLSearchParams({
        payload: JSON.stringify({
          type: "view_submission",
          team: { id: "T1" },
          user: { id: "U123" },
          trigger_id: "5.6.7",
          view: {
            id: "V1",
            callback_id: "feedback_reason",
            private_metadata: view.private_metadata,
            state: {
              values: {
                kind: { kind: { type: "radio_buttons", selected_option: { value: "outdated" } } },
                text: { text: { type: "plain_text_input", value: "Shoigu's visit was in 2023" } },
              },
            },
          },
        }),
      }).toString(),
      "application/x-www-form-urlencoded",
    );
    expect(res.status).toBe(200);
    expect((await h.store.feedback())[0]?.reason).toEqual({ kind: "outdated", text: "Shoigu's visit was in 2023" });
  });

  it("survives a restart: votes are read back from the data folder", async () => {
    mockResponseUrl();
    await h.action(button("feedback_up", JSON.stringify({ q: QUESTION })));
    expect(await new SqliteStore(join(h.dataDir, "nkru.db")).feedback()).toHaveLength(1);
  });

  it("says so in words when the vote cannot be saved", async () => {
    await h.close();
    class FullDisk extends SqliteStore {
      override async recordFeedback(_r: Omit<FeedbackRecord, "reason">): Promise<void> {
        throw new Error("disk full");
      }
    }
    h = await startHarness({ store: new FullDisk(":memory:") });
    const responses = mockResponseUrl();
    await h.action(button("feedback_up", JSON.stringify({ q: QUESTION })));
    expect(JSON.stringify(responses.calls[0])).toMatch(/couldn't save your feedback/);
    expect(h.logs().find((l) => l.msg === "could not record feedback")).toBeDefined();
  });
});

describe("a request replayed within the signature window", () => {
  const form = "application/x-www-form-urlencoded";
  const payload = (action_id: string, value: string) =>
    new URLSearchParams({
      payload: JSON.stringify({
        type: "block_actions",
        team: { id: "T1" },
        ...button(action_id, value),
        trigger_id: "9.9.9",
      }),
    }).toString();

  it("stores one 👍 replayed three times once, and thanks once", async () => {
    const responses = mockResponseUrl();
    const body = payload("feedback_up", JSON.stringify({ q: QUESTION }));
    for (let i = 0; i < 3; i++) expect((await h.post(body, form)).status).toBe(200);
    expect(await new SqliteStore(join(h.dataDir, "nkru.db")).feedback()).toHaveLength(1);
    expect(responses.calls).toHaveLength(1);
    expect(
      h
        .logs()
        .filter((l) => l.msg === "request")
        .map((l) => l.outcome),
    ).toEqual(["feedback_up", "duplicate", "duplicate"]);
  });
});

describe("Ask about this, under a digest takeaway", () => {
  it("asks a whole question and answers with what the corpus says beyond the takeaway's own passage", async () => {
    const { bundledKnowledgeBase } = await import("../helpers/corpus.js");
    const { digestMessage } = await import("../../src/slack/blocks/digest.js");
    const kb = bundledKnowledgeBase();
    const digest = kb.digest("2026-11-23");
    const message = digestMessage(digest, (t, taken) => kb.askAbout(t, taken));
    const values = (message.blocks as { accessory?: { action_id?: string; value?: string } }[])
      .filter((b) => b.accessory?.action_id === "digest_ask")
      .map((b) => JSON.parse(b.accessory?.value ?? "{}") as { q: string; not: string });
    expect(values?.length).toBeGreaterThan(0);
    // Each button asks a question a person would ask, not a bag of keywords, and each is different.
    for (const v of values ?? []) expect(v.q).toMatch(/^(?:Who|What|How many)\b.*\?$/);
    expect(new Set(values?.map((v) => v.q)).size).toBe(values?.length);

    const first = values?.[0] as { q: string; not: string };
    const responses = mockResponseUrl();
    await h.action(button("digest_ask", JSON.stringify(first), false));
    const reply = JSON.stringify(responses.calls[0]);
    expect(reply).toContain(first.q.replace(/"/g, '\\"'));
    // The takeaway's own passage is not offered back as the answer.
    expect(reply).not.toContain(`"value":"${first.not}"`);
  });
});

describe("/nkru feedback", () => {
  it("shows admins the week's votes with reasons, the worst-rated answers and the unanswered questions; refuses others", async () => {
    await h.close();
    const now = new Date("2026-11-23T12:00:00Z");
    h = await startHarness({ adminUserIds: ["UADMIN"], clock: () => now });
    const { answerKey } = await import("../../src/store/store.js");
    const key = answerKey("Who is Kozyrev?", ["fortify-alliance#6"]);
    for (const user of ["U1", "U2"]) {
      await h.store.recordFeedback({
        at: "2026-11-22T10:00:00.000Z",
        user,
        answer: key,
        vote: "down",
        question: "Who is Kozyrev?",
        cited: ["fortify-alliance#6"],
        channel: "C1",
      });
    }
    await h.store.setFeedbackReason("U1", key, { kind: "outdated", text: "he left office in 1996" });
    await h.store.recordQuestion({
      at: "2026-11-22T09:00:00.000Z",
      question: "What is the capital of Peru?",
      confident: false,
    });
    const refused = await jsonOf<{ blocks: unknown[] }>(await h.command("feedback"));
    expect(JSON.stringify(refused.blocks)).toContain("Only the admins listed in ADMIN_USER_IDS can see the feedback.");
    const report = JSON.stringify(
      (await jsonOf<{ blocks: unknown[] }>(await h.command("feedback", { user_id: "UADMIN" }))).blocks,
    );
    expect(report).toContain("*Feedback since 2026-11-16:* 2 votes, 0 👍 and 2 👎");
    expect(report).toContain("The answer is out of date (1)");
    expect(report).toContain("• “Who is Kozyrev?” · 2 👎 0 👍 · cited fortify-alliance#6");
    expect(report).toContain("he left office in 1996");
    expect(report).toContain("“What is the capital of Peru?”");
  });
});
