import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FeedPoller, newFeed } from "../../src/jobs/feed-poller.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { type IntakeWorld, intakeWorld } from "../helpers/intake.js";
import { newsPage } from "../helpers/pages.js";
import { serve, type WebServer, webServer } from "../helpers/web-server.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), "utf8");
const page = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), "utf8");

let web: WebServer;
let world: IntakeWorld;
let store: SqliteStore;
let dataDir: string;
let conditional: string[] = [];

beforeAll(async () => {
  const routes: Parameters<typeof webServer>[0] = {};
  web = await webServer(routes);
  const feed = (name: string, type: string) => serve(type, fixture(name).replaceAll("HOST", `127.0.0.1:${web.port}`));
  routes["/world.rss"] = feed("world-news.rss", "application/rss+xml");
  routes["/analysis.atom"] = feed("analysis.atom", "application/atom+xml");
  routes["/digest.rdf"] = feed("digest.rdf", "application/rdf+xml");
  routes["/broken.rss"] = feed("broken.rss", "text/html");
  routes["/etag.rss"] = (req, res) => {
    conditional.push(String(req.headers["if-none-match"] ?? ""));
    if (req.headers["if-none-match"] === '"v1"') {
      res.writeHead(304, { etag: '"v1"' });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/rss+xml", etag: '"v1"' });
    res.end(fixture("world-news.rss").replaceAll("HOST", `127.0.0.1:${web.port}`));
  };
  routes["/items/rason"] = serve("text/html", page("wire-story.html"));
  routes["/items/story"] = serve("text/html", page("same-story.html"));
  routes["/items/cricket"] = serve(
    "text/html",
    newsPage({
      title: "Cricket: home side wins the series",
      outlet: "Harbour Daily",
      date: "2025-03-10",
      author: "Sam Bowler",
      paragraphs: [1, 2, 3, 4].map(
        (n) =>
          `Paragraph ${n}: the home side won the final match by six wickets after a century from the opening batter, sealing the series three matches to one before a full crowd.`,
      ),
    }),
  );
  routes["/items/vladivostok"] = serve(
    "text/html",
    newsPage({
      title: "Ministers meet in Vladivostok",
      outlet: "Harbour Daily",
      date: "2025-03-15",
      author: "Jane Roe",
      paragraphs: [1, 2, 3, 4].map(
        (n) =>
          `Point ${n}: the foreign ministers of Russia and North Korea met in Vladivostok to discuss the new rail timetable and the delivery of fertiliser, officials in Pyongyang said.`,
      ),
    }),
  );
});
afterAll(async () => {
  await web.close();
});
beforeEach(async () => {
  world = await intakeWorld();
  dataDir = await mkdtemp(join(tmpdir(), "nkru-feeds-"));
  store = new SqliteStore(join(dataDir, "nkru.db"));
  conditional = [];
});
afterEach(async () => {
  await world.close();
  await rm(dataDir, { recursive: true, force: true });
});

function poller(): FeedPoller {
  return new FeedPoller({
    store,
    intake: world.intake,
    policy: { allow: ["127.0.0.1"] },
    logger: world.logger,
    clock: world.clock,
    cron: "*/30 * * * *",
    timezone: "UTC",
  });
}

const at = "2026-03-01T09:00:00.000Z";

describe("FeedPoller", () => {
  it("adds a new RSS feed's items, keeps only those that mention its keywords, and marks all seen", async () => {
    await store.addFeed(newFeed(web.url("/world.rss"), ["Rason", "Pyongyang"], "U1", at));
    const [report] = await poller().pollAll();
    // Cricket's summary says nothing of the keywords; Rason's title does; Vladivostok has no summary, and its text mentions Pyongyang.
    expect(report).toMatchObject({
      outcome: "ok",
      added: ["rail-link-to-rason-reopens-for-freight", "ministers-meet-in-vladivostok"],
    });
    const kb = world.knowledge.current?.kb;
    expect(kb?.document("rail-link-to-rason-reopens-for-freight")?.added).toMatchObject({
      by: "feed",
      feed: web.url("/world.rss"),
    });
    expect(kb?.document("cricket-home-side-wins-the-series")).toBeNull();
    const [feed] = (await store.feeds()).feeds;
    expect(feed).toMatchObject({ seen: ["hd-1001", "hd-1002", "hd-1003"], failures: 0, added: 2 });
    // A second poll adds nothing new.
    expect((await poller().pollAll())[0]?.added).toEqual([]);
  });

  it("reads Atom and RSS 1.0 feeds", async () => {
    await store.addFeed(newFeed(web.url("/analysis.atom"), [], "U1", at));
    await store.addFeed(newFeed(web.url("/digest.rdf"), [], "U1", at));
    const reports = await poller().pollAll();
    expect(reports.map((r) => r.added)).toEqual([
      ["what-the-rason-freight-trains-say-about-moscow-and"],
      ["ministers-meet-in-vladivostok"],
    ]);
  });

  it("asks with the ETag it was given and adds nothing on 304", async () => {
    await store.addFeed(newFeed(web.url("/etag.rss"), ["Rason"], "U1", at));
    await poller().pollAll();
    const [second] = await poller().pollAll();
    expect(conditional).toEqual(["", '"v1"']);
    expect(second).toMatchObject({ outcome: "not_modified", added: [] });
  });

  it("backs off a failing feed, shows why, and still polls the others", async () => {
    await store.addFeed(newFeed(web.url("/broken.rss"), [], "U1", at));
    await store.addFeed(newFeed(web.url("/analysis.atom"), [], "U1", at));
    const reports = await poller().pollAll();
    expect(reports.map((r) => r.outcome)).toEqual(["unsupported_type", "ok"]);
    const broken = (await store.feeds()).feeds[0];
    expect(broken).toMatchObject({ failures: 1, lastError: "it is text/html, which nkru cannot read" });
    expect(Date.parse(broken?.nextAttemptAt ?? "") - Date.parse(broken?.lastPolledAt ?? "")).toBe(5 * 60_000);
    // Until the backoff is over, the feed is not fetched again.
    const hitsBefore = web.hits.filter((h) => h === "/broken.rss").length;
    expect((await poller().pollAll())[0]?.outcome).toBe("backing_off");
    expect(web.hits.filter((h) => h === "/broken.rss").length).toBe(hitsBefore);
  });

  it("takes at most 20 items from a new feed's archive", async () => {
    const items = Array.from(
      { length: 30 },
      (_, i) =>
        `<item><title>Item ${i}</title><link>${web.url(`/none/${i}`)}</link><guid>g${i}</guid><pubDate>Mon, ${String((i % 28) + 1).padStart(2, "0")} Jan 2024 00:00:00 GMT</pubDate></item>`,
    );
    const big = `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join("")}</channel></rss>`;
    const server = await webServer({ "/big.rss": serve("application/rss+xml", big) });
    try {
      await store.addFeed(newFeed(server.url("/big.rss"), [], "U1", at));
      await poller().pollAll();
      // The newest 20 (items 10 to 29 by date) are fetched; the older 10 are the archive.
      const fetchedItems = web.hits.filter((h) => h.startsWith("/none/"));
      expect(fetchedItems).toHaveLength(20);
      expect((await store.feeds()).feeds[0]?.seen).toHaveLength(30);
    } finally {
      await server.close();
    }
  });

  it("seeds FEEDS once and never re-adds a feed an admin removed", async () => {
    const p = poller();
    await p.seed([{ url: web.url("/world.rss"), keywords: ["Rason"] }]);
    await p.seed([{ url: web.url("/world.rss"), keywords: ["Rason"] }]);
    expect((await store.feeds()).feeds.map((f) => [f.url, f.addedBy, f.keywords])).toEqual([
      [web.url("/world.rss"), "config", ["Rason"]],
    ]);
    await store.removeFeed(web.url("/world.rss"));
    await p.seed([{ url: web.url("/world.rss"), keywords: [] }]);
    expect((await store.feeds()).feeds).toEqual([]);
  });
});
