/**
 * Articles and feeds in from Slack, end to end through the Bolt app: /nkru add, the
 * reply, the article answered and cited by the next /nkru, the next digest; DMs with a
 * link or a file; who may do what; feeds.
 */
import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DigestJob } from "../../src/jobs/digest-job.js";
import { DigestSchedule } from "../../src/jobs/digest-schedule.js";
import { FeedPoller } from "../../src/jobs/feed-poller.js";
import { createLogger } from "../../src/logger.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { type IntakeWorld, intakeWorld } from "../helpers/intake.js";
import { serve, type WebServer, webServer } from "../helpers/web-server.js";
import { type Harness, jsonOf, mockApi, mockResponseUrl, nock, startHarness } from "./harness.js";

const page = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), "utf8");
const feed = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), "utf8");

let web: WebServer;
let world: IntakeWorld;
let h: Harness;

beforeAll(async () => {
  const routes: Parameters<typeof webServer>[0] = {};
  web = await webServer(routes);
  routes["/wire"] = serve("text/html", page("wire-story.html"));
  routes["/copy"] = serve("text/html", page("syndicated-copy.html"));
  routes["/hostile"] = serve(
    "text/html",
    page("wire-story.html").replaceAll(
      "Rail link to Rason reopens for freight",
      "Rail link <!channel> @here <@U0BOSS> reopens",
    ),
  );
  routes["/analysis.atom"] = serve(
    "application/atom+xml",
    feed("analysis.atom").replaceAll("HOST", `127.0.0.1:${web.port}`),
  );
  routes["/items/story"] = serve("text/html", page("same-story.html"));
  routes["/broken.rss"] = serve("text/html", feed("broken.rss"));
});
afterAll(async () => {
  await web.close();
});

async function start(options: { admins?: string[]; addArticles?: "everyone" | "admins" } = {}) {
  world = await intakeWorld();
  const now = new Date("2026-03-02T10:00:00Z");
  let job: DigestJob | null = null;
  h = await startHarness({
    knowledge: world.knowledge,
    clock: () => now,
    adminUserIds: options.admins ?? ["UADMIN"],
    digest: {
      describe: () => (job as DigestJob).describe(),
      today: () => (job as DigestJob).today(),
      nextDate: () => (job as DigestJob).nextDate(),
      contentFor: (c, d) => (job as DigestJob).contentFor(c, d),
    },
    ingest: {
      intake: world.intake,
      addArticles: options.addArticles ?? "everyone",
      feeds: null,
    },
  });
  job = new DigestJob({
    schedule: new DigestSchedule("0 9 * * *", "UTC"),
    store: h.store,
    knowledge: world.knowledge,
    poster: { post: async () => ({ ok: true, value: "1.1" }), findPosted: async () => ({ ok: true, value: null }) },
    logger: createLogger({ pretty: false, destination: new Writable({ write: (_c, _e, d) => d() }) }),
    clock: () => now,
    sleep: async () => {},
    questionsFooter: false,
  });
}

afterEach(async () => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
  await h.close();
  await world.close();
});

type Ack = { response_type: string; text: string; blocks: unknown[] };
const command = async (text: string, user = "U123") => jsonOf<Ack>(await h.command(text, { user_id: user }));

describe("/nkru add, end to end", () => {
  beforeEach(() => start());

  it("adds a link, answers from it with a linked, dated citation, and leads the next digest with it and its syndicated copy", async () => {
    // The channel had a digest before the article came in: what is in the corpus now is not new.
    const before = Object.fromEntries((world.knowledge.current?.kb.corpus.documents ?? []).map((d) => [d.id, d.hash]));
    await h.store.saveDigestPost({
      channel: "C1",
      slot: "2026-03-01T09:00:00.000Z",
      state: "posted",
      at: "2026-03-01T09:00:01.000Z",
      ts: "1.0",
      documents: before,
    });

    const reply = mockResponseUrl();
    const ack = await command(`add ${web.url("/wire")}`);
    expect(ack.text).toBe(`Fetching ${web.url("/wire")}; I'll tell you here when it's in the corpus.`);
    const added = JSON.stringify(reply.calls[0]);
    const url = web.url("/2025/03/rail-link-rason-freight");
    expect(added).toContain(
      `Added *<${url}|Rail link to Rason reopens for freight>* · Northeast Asia Wire · 14 Mar 2025`,
    );
    expect(added).toMatch(/\d+ passages · `rail-link-to-rason-reopens-for-freight`/);
    expect(added).toContain('"> The Khasan–Rajin rail link'); // the takeaway, quoted
    expect(h.logs().find((l) => l.msg === "request" && l.outcome === "article_added")).toBeTruthy();

    const answer = await command("How many trains a week are planned on the Rason rail link?");
    const cited = JSON.stringify(answer.blocks);
    // Bold is the answer, not every matched word.
    expect(cited).toContain("&gt; *Three* trains a week are planned by the summer.".replace("&gt;", ">"));
    expect(cited).toContain(
      `_<${url}|Rail link to Rason reopens for freight>_ · Jane Roe and Kim Min-jun · Northeast Asia Wire · 14 Mar 2025`,
    );
    expect(cited).not.toMatch(/passage \d/);

    const copyReply = mockResponseUrl();
    await command(`add ${web.url("/copy")}`, "U456");
    expect(JSON.stringify(copyReply.calls[0])).toContain("The corpus already has this article's text");
    expect(JSON.stringify(copyReply.calls[0])).toContain("I noted this outlet as also carrying it.");

    const digest = JSON.stringify((await command("digest")).blocks);
    expect(digest).toContain("*New since the last digest*");
    expect(digest).toContain(`*<${url}|Rail link to Rason reopens for freight>* · Northeast Asia Wire · 14 Mar 2025`);
    expect(digest).toContain(`Also reported by <${web.url("/copy")}|The Harbour Daily>`);
  });

  it("says in words why a link was not added, and escapes what a page says", async () => {
    const refused = mockResponseUrl();
    await command("add http://169.254.169.254/latest/meta-data/");
    expect(JSON.stringify(refused.calls[0])).toContain(
      "I couldn't add http://169.254.169.254/latest/meta-data/: 169.254.169.254 points to a link-local address",
    );

    const hostile = mockResponseUrl();
    await command(`add ${web.url("/hostile")}`);
    const text = JSON.stringify(hostile.calls[0]);
    expect(text).toContain("Rail link &lt;!channel&gt; @\u2060here &lt;@U0BOSS&gt; reopens");
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<@U0BOSS>");

    const none = await command("add");
    expect(JSON.stringify(none.blocks)).toContain("I don't know `/nkru add`. Did you mean `/nkru add &lt;link&gt;`?");
  });

  it("removes an added article for an admin only", async () => {
    mockResponseUrl();
    await command(`add ${web.url("/wire")}`);
    const refused = await command("remove rail-link-to-rason-reopens-for-freight");
    expect(JSON.stringify(refused.blocks)).toContain("Only the admins listed in ADMIN_USER_IDS can remove articles.");
    const corpusOne = await command("remove forge-alliance", "UADMIN");
    expect(JSON.stringify(corpusOne.blocks)).toContain("is in the corpus folder");
    const removed = await command("remove rail-link-to-rason-reopens-for-freight", "UADMIN");
    expect(JSON.stringify(removed.blocks)).toContain("Removed *Rail link to Rason reopens for freight*");
    expect(world.knowledge.current?.kb.document("rail-link-to-rason-reopens-for-freight")).toBeNull();
  });

  it("adds from a mention too, replying in the thread", async () => {
    const post = mockApi("chat.postMessage");
    await h.event({
      type: "app_mention",
      user: "U123",
      text: `<@UBOT> add <${web.url("/wire")}>`,
      ts: "1700000000.000100",
      channel: "C1",
      event_ts: "1700000000.000100",
    });
    expect(post.calls[0]).toMatchObject({ channel: "C1", thread_ts: "1700000000.000100" });
    expect(JSON.stringify(post.calls[0])).toContain("Added *<");
  });

  it("lists sources newest first with who added what", async () => {
    mockResponseUrl();
    await command(`add ${web.url("/wire")}`, "U0ANA");
    const sources = JSON.stringify((await command("sources")).blocks);
    expect(sources.indexOf("Rail link to Rason")).toBeLessThan(sources.indexOf("Putin and Kim"));
    expect(sources).toContain("added by <@U0ANA> on 1 Mar 2026");
  });
});

describe("who may add", () => {
  it("with ADD_ARTICLES=admins, refuses everyone else in words", async () => {
    await start({ addArticles: "admins" });
    const refused = await command(`add ${web.url("/wire")}`);
    expect(JSON.stringify(refused.blocks)).toContain("only the admins listed in ADMIN_USER_IDS can add articles");
    const reply = mockResponseUrl();
    await command(`add ${web.url("/wire")}`, "UADMIN");
    expect(JSON.stringify(reply.calls[0])).toContain("Added *<");
  });
});

describe("direct messages", () => {
  beforeEach(() => start());
  const dm = (extra: Record<string, unknown>) => ({
    type: "message",
    channel_type: "im",
    channel: "D1",
    user: "U123",
    ts: "1700000000.000100",
    event_ts: "1700000000.000100",
    ...extra,
  });

  it("offers to add a link sent alone, and adds it when the button is clicked", async () => {
    const post = mockApi("chat.postMessage");
    await h.event(dm({ text: `<${web.url("/wire")}>` }));
    const offer = post.calls[0] as { blocks: { type: string; elements?: { action_id: string; value: string }[] }[] };
    const button = offer.blocks.find((b) => b.type === "actions")?.elements?.[0];
    expect(button).toMatchObject({ action_id: "add_article", value: web.url("/wire") });

    const responses = mockResponseUrl(2);
    await h.action({
      user: { id: "U123" },
      channel: { id: "D1" },
      response_url: "http://hooks.slack.test/actions/1",
      actions: [{ type: "button", action_id: "add_article", value: web.url("/wire"), action_ts: "1" }],
    });
    expect(responses.calls[0]).toMatchObject({ replace_original: true, text: `Fetching ${web.url("/wire")}…` });
    expect(JSON.stringify(responses.calls[1])).toContain("Added *<");
  });

  it("adds a file shared in the DM, downloaded from Slack with the bot token", async () => {
    const text = `Grain across the Tumen\n\nBy Jane Roe\n\n${"Russia delivered wheat and flour to North Korea by rail through Khasan, customs data show, in the largest shipments since 2019. ".repeat(5)}\n`;
    const download = nock("https://files.slack.com", { reqheaders: { authorization: /^Bearer xoxb-/ } })
      .get("/files-pri/T1-F1/download/grain.txt")
      .reply(200, text, { "content-type": "text/plain" });
    const post = mockApi("chat.postMessage");
    await h.event(
      dm({
        subtype: "file_share",
        text: "",
        files: [
          {
            id: "F1",
            name: "grain.txt",
            size: text.length,
            url_private_download: "https://files.slack.com/files-pri/T1-F1/download/grain.txt",
          },
        ],
      }),
    );
    expect(download.isDone()).toBe(true);
    expect(JSON.stringify(post.calls[0])).toContain("Added *Grain across the Tumen*");
    expect(world.knowledge.current?.kb.document("grain-across-the-tumen")?.added?.by).toBe("U123");
  });

  it("never sends the token to a file address off Slack's hosts", async () => {
    const post = mockApi("chat.postMessage");
    await h.event(
      dm({
        subtype: "file_share",
        text: "",
        files: [{ id: "F2", name: "x.txt", size: 10, url_private_download: `${web.url("/wire")}` }],
      }),
    );
    expect(JSON.stringify(post.calls[0])).toContain("the file is not on Slack");
    expect(web.hits).not.toContain("/wire?token");
  });
});

describe("/nkru feeds", () => {
  beforeEach(async () => {
    await start();
    // The harness app, with a real poller over a store of its own.
    await h.close();
    const store = new SqliteStore(":memory:");
    const poller = new FeedPoller({
      store,
      intake: world.intake,
      policy: { allow: ["127.0.0.1"] },
      logger: world.logger,
      clock: world.clock,
      cron: "*/30 * * * *",
      timezone: "UTC",
    });
    h = await startHarness({
      knowledge: world.knowledge,
      store,
      adminUserIds: ["UADMIN"],
      ingest: { intake: world.intake, addArticles: "everyone", feeds: poller },
    });
  });

  it("adds a feed for an admin, adds its latest items, lists it, and shows a failing one in status", async () => {
    expect(JSON.stringify((await command(`feeds add ${web.url("/analysis.atom")}`)).blocks)).toContain(
      "Only the admins listed in ADMIN_USER_IDS can add or remove feeds.",
    );
    const reply = mockResponseUrl();
    const ack = await command(`feeds add ${web.url("/analysis.atom")} Rason`, "UADMIN");
    expect(ack.text).toMatch(/^Reading the feed/);
    expect(JSON.stringify(reply.calls[0])).toContain("1 article mentioning `Rason` added from its latest items");

    const failing = mockResponseUrl();
    await command(`feeds add ${web.url("/broken.rss")}`, "UADMIN");
    expect(JSON.stringify(failing.calls[0])).toContain(
      "but I couldn't read it yet: it is text/html, which nkru cannot read",
    );

    const list = JSON.stringify((await command("feeds")).blocks);
    expect(list).toContain(web.url("/analysis.atom"));
    expect(list).toContain("1 article added · keywords: `Rason`");
    expect(list).toContain(":warning: failing (1 time in a row)");
    const status = JSON.stringify((await command("status")).blocks);
    expect(status).toContain("*Feeds:* 2, 1 failing");

    expect(JSON.stringify((await command(`feeds remove ${web.url("/broken.rss")}`, "UADMIN")).blocks)).toContain(
      "Removed the feed",
    );
  });
});
