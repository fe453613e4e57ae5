import { afterEach, describe, expect, it } from "vitest";
import { parseRequest, SUBCOMMANDS } from "../../src/slack/subcommands.js";
import { BOT_USER, type Harness, jsonOf, mockApi, nock, startHarness } from "./harness.js";

describe("parseRequest", () => {
  it.each([
    ["", "help"],
    ["help", "help"],
    ["sources", "sources"],
    ["Status", "status"],
    ["digest", "digest"],
    ["digest subscribe", "digest"],
    ["summarize", "summarize"],
    ["tl;dr", "summarize"],
    ["summarize this thread", "summarize"],
    ["reindex", "reindex"],
  ])("%j is the %s subcommand", (text, name) => {
    const parsed = parseRequest(text);
    expect(parsed.kind === "subcommand" && parsed.subcommand.name).toBe(name);
  });

  it.each(["digest of the week?", "status of the alliance with Russia today", "Who is Kozyrev?", "sanctions"])(
    "%j is a question",
    (text) => {
      expect(parseRequest(text).kind).toBe("question");
    },
  );

  it.each(["digest weekly", "status report", "summary please"])(
    "%j is a subcommand mistyped, not a question",
    (text) => {
      expect(parseRequest(text).kind).toBe("unknown");
    },
  );
});

describe("the one table, through the app", () => {
  let h: Harness | null = null;
  afterEach(async () => {
    expect(nock.pendingMocks()).toEqual([]);
    await h?.close();
    h = null;
  });
  const text = (reply: { blocks?: unknown[]; text?: string }) => JSON.stringify(reply.blocks) + (reply.text ?? "");

  it("help lists every subcommand of the table", async () => {
    h = await startHarness();
    const help = await jsonOf<{ blocks: unknown[] }>(await h.command("help"));
    for (const s of SUBCOMMANDS) expect(text(help)).toContain(`/nkru ${s.usage}`);
  });

  it("@nkru digest is the digest subcommand, not a question", async () => {
    h = await startHarness();
    const post = mockApi("chat.postMessage");
    await h.event({
      type: "app_mention",
      user: "U123",
      text: `<@${BOT_USER}> digest`,
      channel: "C1",
      ts: "1700000100.000100",
      event_ts: "1700000100.000100",
    });
    expect(JSON.stringify(post.calls[0]?.blocks)).toMatch(/daily digest is not set up/);
    expect(h.logs().find((l) => l.msg === "request")?.outcome).toBe("digest_off");
  });

  it("/nkru summarize says where summaries are made instead of answering with excerpts", async () => {
    h = await startHarness();
    const reply = await jsonOf<{ blocks: unknown[]; text: string }>(await h.command("summarize"));
    expect(text(reply)).toMatch(/Summarize thread/);
    expect(text(reply)).not.toMatch(/excerpt_0/);
  });

  it("a mistyped subcommand gets the usage in words", async () => {
    h = await startHarness();
    const reply = await jsonOf<{ blocks: unknown[] }>(await h.command("digest weekly"));
    expect(text(reply)).toContain(
      "I don't know `/nkru digest weekly`. Did you mean `/nkru digest [subscribe | unsubscribe | status]`?",
    );
  });
});
