/**
 * The one contract both stores pass (sqlite.test.ts, postgres.test.ts): what every
 * adapter relies on, including the cases two replicas race on.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newFeed } from "../../src/jobs/feed-poller.js";
import { answerKey, type DigestPost, type Store } from "../../src/store/store.js";

export function storeContract(name: string, open: () => Promise<Store>, reopen?: (s: Store) => Promise<Store>): void {
  describe(`${name}: the Store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const vote = (
      user: string,
      v: "up" | "down",
      question = "Who is Andrei Kozyrev?",
      at = "2026-11-23T10:00:00.000Z",
    ) => ({
      at,
      user,
      answer: answerKey(question, ["fortify-alliance#6"]),
      vote: v,
      question,
      cited: ["fortify-alliance#6"],
      channel: "C1",
    });

    it("keeps one vote per person per answer, the latest, and every one of 50 concurrent votes", async () => {
      await store.recordFeedback(vote("U1", "up"));
      await store.recordFeedback(vote("U1", "down", undefined, "2026-11-23T10:01:00.000Z"));
      await store.recordFeedback(vote("U2", "up"));
      expect((await store.feedback()).map((f) => [f.user, f.vote])).toEqual([
        ["U2", "up"],
        ["U1", "down"],
      ]);
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.recordFeedback(vote(`V${i}`, "up"))));
      expect((await store.feedback()).filter((f) => f.user.startsWith("V"))).toHaveLength(50);
    });

    it("adds a reason to a 👎, drops it when the vote changes, and refuses one without a 👎", async () => {
      await store.recordFeedback(vote("U1", "down"));
      const key = answerKey("Who is Andrei Kozyrev?", ["fortify-alliance#6"]);
      expect(await store.setFeedbackReason("U1", key, { kind: "outdated", text: "old news" })).toBe(true);
      expect((await store.feedback())[0]?.reason).toEqual({ kind: "outdated", text: "old news" });
      expect(await store.setFeedbackReason("U9", key, { kind: "other", text: null })).toBe(false);
      await store.recordFeedback(vote("U1", "up"));
      expect((await store.feedback())[0]?.reason).toBeNull();
      expect(await store.feedback("2027-01-01")).toEqual([]);
    });

    it("logs questions and returns those of a time range, losing none of a burst", async () => {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          store.recordQuestion({
            at: `2026-11-22T10:00:${String(i % 60).padStart(2, "0")}Z`,
            question: `q${i}`,
            confident: i % 2 === 0,
          }),
        ),
      );
      const all = await store.questions("2026-11-22", "2026-11-23");
      expect(all).toHaveLength(200);
      expect(all.filter((q) => q.confident)).toHaveLength(100);
      expect(await store.questions("2026-11-23", "2026-11-24")).toEqual([]);
    });

    it("subscribes, unsubscribes, and never re-adds a channel that left when seeding", async () => {
      await store.subscribe("C1");
      await store.subscribe("C2");
      await store.subscribe("C1");
      expect((await store.subscriptions()).channels).toEqual(["C1", "C2"]);
      expect(await store.unsubscribe("C1")).toEqual({ channels: ["C2"], removed: ["C1"] });
      expect((await store.seedSubscriptions(["C1", "C3"])).channels).toEqual(["C2", "C3"]);
      await store.subscribe("C1");
      expect((await store.subscriptions()).removed).toEqual([]);
    });

    it("keeps 20 simultaneous subscribes from two writers", async () => {
      const other = reopen ? await reopen(store) : store;
      try {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => [store.subscribe(`CA${i}`), other.subscribe(`CB${i}`)]).flat(),
        );
        expect((await store.subscriptions()).channels).toHaveLength(40);
      } finally {
        if (other !== store) await other.close();
      }
    });

    const post = (over: Partial<DigestPost> = {}): DigestPost => ({
      channel: "C1",
      slot: "2026-11-23T09:00:00.000Z",
      state: "pending",
      at: "2026-11-23T09:00:00.000Z",
      ts: null,
      documents: { a: "h1" },
      owner: "replica-a",
      ...over,
    });

    it("gives a slot to one claimant: a live claim is held, a lapsed one is taken over, a posted one is never", async () => {
      expect(await store.claimDigestPost(post(), 60_000)).toEqual({ outcome: "claimed", previous: null });
      expect(
        (await store.claimDigestPost(post({ owner: "replica-b", at: "2026-11-23T09:00:30.000Z" }), 60_000)).outcome,
      ).toBe("held");
      // Its own claim again (a retry): still its own.
      expect((await store.claimDigestPost(post({ at: "2026-11-23T09:00:40.000Z" }), 60_000)).outcome).toBe("claimed");
      const taken = await store.claimDigestPost(post({ owner: "replica-b", at: "2026-11-23T09:02:00.000Z" }), 60_000);
      expect(taken).toMatchObject({ outcome: "claimed", previous: { owner: "replica-a", state: "pending" } });
      await store.saveDigestPost(post({ state: "posted", ts: "1.1", owner: null }));
      expect(
        (await store.claimDigestPost(post({ owner: "replica-c", at: "2026-11-24T00:00:00.000Z" }), 60_000)).outcome,
      ).toBe("posted");
      expect(await store.lastDigest("C1")).toMatchObject({ state: "posted", ts: "1.1", documents: { a: "h1" } });
      await store.clearDigestPost("C1", "2026-11-23T09:00:00.000Z");
      expect(await store.digestPost("C1", "2026-11-23T09:00:00.000Z")).toMatchObject({ state: "posted" });
    });

    it("lets exactly one of many simultaneous claimants post a slot", async () => {
      const other = reopen ? await reopen(store) : store;
      try {
        const claims = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? other : store).claimDigestPost(post({ channel: "CRACE", owner: `r${i}` }), 60_000),
          ),
        );
        expect(claims.filter((c) => c.outcome === "claimed")).toHaveLength(1);
      } finally {
        if (other !== store) await other.close();
      }
    });

    it("records when the install first started, once", async () => {
      expect(await store.installedAt("2026-11-23T10:00:00.000Z")).toBe("2026-11-23T10:00:00.000Z");
      expect(await store.installedAt("2026-12-01T10:00:00.000Z")).toBe("2026-11-23T10:00:00.000Z");
    });

    it("adds, updates and removes feeds; the first add wins; a removed feed can be added again", async () => {
      const f = newFeed("https://a.example/rss", ["korea"], "U1", "2026-11-23T10:00:00.000Z");
      expect(await store.addFeed(f)).toEqual({ feed: f, created: true });
      expect((await store.addFeed({ ...f, keywords: [] })).created).toBe(false);
      expect(await store.updateFeed(f.url, (x) => ({ ...x, failures: 2 }))).toMatchObject({ failures: 2 });
      expect((await store.feeds()).feeds).toEqual([{ ...f, failures: 2 }]);
      expect(await store.removeFeed(f.url)).toBe(true);
      expect(await store.updateFeed(f.url, (x) => x)).toBeNull();
      expect(await store.feeds()).toEqual({ feeds: [], removed: [f.url] });
      expect(await store.removeFeed("https://never.example/")).toBe(false);
      expect((await store.addFeed(f)).created).toBe(true);
      expect((await store.feeds()).removed).toEqual(["https://never.example/"]);
    });

    it("takes a request once, across writers, and forgets it after its time", async () => {
      const other = reopen ? await reopen(store) : store;
      try {
        const now = "2026-11-23T10:00:00.000Z";
        const [a, b] = await Promise.all([
          store.claimRequest("Ev1", now, 600_000),
          other.claimRequest("Ev1", now, 600_000),
        ]);
        expect([a, b].filter(Boolean)).toHaveLength(1);
        expect(await store.claimRequest("Ev2", now, 600_000)).toBe(true);
      } finally {
        if (other !== store) await other.close();
      }
    });

    it("keeps added articles for every replica, with a version that grows on each change", async () => {
      const other = reopen ? await reopen(store) : store;
      try {
        const v0 = await other.articlesVersion();
        await store.saveArticle("rail.md", "---\nid: rail\n---\nText.", "2026-11-23T10:00:00.000Z");
        await store.saveArticle("rail.md", "---\nid: rail\n---\nText, edited.", "2026-11-23T10:01:00.000Z");
        expect(await other.articles()).toEqual([{ file: "rail.md", text: "---\nid: rail\n---\nText, edited." }]);
        const v1 = await other.articlesVersion();
        expect(v1).toBeGreaterThan(v0);
        await store.removeArticle("rail.md");
        expect(await other.articles()).toEqual([]);
        expect(await other.articlesVersion()).toBeGreaterThan(v1);
      } finally {
        if (other !== store) await other.close();
      }
    });

    it("describes itself for status", () => {
      expect(store.description).toMatch(/^(?:SQLite|PostgreSQL)/);
    });
  });
}
