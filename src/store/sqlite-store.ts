/**
 * The embedded store: SQLite in DATA_DIR/nkru.db through better-sqlite3, in WAL mode
 * (readers never wait for the writer) with synchronous=NORMAL (a power cut can lose the
 * last transactions, never corrupt the file). Each change is one transaction. Votes and
 * question-log entries arriving together are written in one transaction per turn of the
 * event loop, so a burst of 50 concurrent votes is one commit.
 *
 * One process owns the file; several replicas need PostgreSQL (postgres-store.ts).
 */
import Database from "better-sqlite3";
import { claimable, type FeedbackRow, feedbackOf, type PostRow, postOf } from "./rows.js";
import { MAX_POSTS_PER_CHANNEL, MAX_QUESTIONS, MIGRATIONS } from "./schema.js";
import type {
  DigestClaim,
  DigestPost,
  Feed,
  FeedbackReason,
  FeedbackRecord,
  Feeds,
  QuestionRecord,
  Store,
  Subscriptions,
} from "./store.js";

type Db = Database.Database;

export class SqliteStore implements Store {
  readonly description: string;
  private readonly db: Db;
  private pending: { write: () => void; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;

  /**
   * Opens (or creates) the database at `path` (":memory:" for one that keeps nothing)
   * and brings its tables up to date. Throws when the file cannot be opened or is not a
   * database; open-store.ts sets such a file aside.
   */
  constructor(
    path: string,
    readonly degraded: string | null = null,
  ) {
    this.db = new Database(path);
    this.description = path === ":memory:" ? "SQLite in memory (nothing is kept)" : `SQLite at ${path}`;
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.migrate();
  }

  private migrate(): void {
    this.db.exec("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, at TEXT NOT NULL)");
    const done = new Set(
      (this.db.prepare("SELECT version FROM migrations").all() as { version: number }[]).map((r) => r.version),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sqlite);
        this.db.prepare("INSERT INTO migrations (version, at) VALUES (?, ?)").run(m.version, new Date(0).toISOString());
      })();
    }
  }

  /**
   * Runs `write` with the other writes queued this turn, in one transaction; the promise
   * settles once it is committed. If the batch fails, each write is tried alone, so one bad
   * record never costs the others.
   */
  private batched(write: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      this.flushing ??= new Promise<void>((done) =>
        setImmediate(() => {
          const batch = this.pending;
          this.pending = [];
          this.flushing = null;
          try {
            this.db.transaction(() => {
              for (const w of batch) w.write();
            })();
            for (const w of batch) w.resolve();
          } catch {
            for (const w of batch) {
              try {
                this.db.transaction(w.write)();
                w.resolve();
              } catch (error) {
                w.reject(error);
              }
            }
          }
          done();
        }),
      );
    });
  }

  recordFeedback(r: Omit<FeedbackRecord, "reason">): Promise<void> {
    return this.batched(() => {
      this.db
        .prepare(
          `INSERT INTO feedback (user_id, answer, at, vote, question, cited, channel) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (user_id, answer) DO UPDATE SET at = excluded.at, vote = excluded.vote, channel = excluded.channel,
             reason = CASE WHEN excluded.vote = feedback.vote THEN feedback.reason END,
             reason_text = CASE WHEN excluded.vote = feedback.vote THEN feedback.reason_text END`,
        )
        .run(r.user, r.answer, r.at, r.vote, r.question, JSON.stringify(r.cited), r.channel);
    });
  }

  async setFeedbackReason(user: string, answer: string, reason: FeedbackReason): Promise<boolean> {
    const result = this.db
      .prepare("UPDATE feedback SET reason = ?, reason_text = ? WHERE user_id = ? AND answer = ? AND vote = 'down'")
      .run(reason.kind, reason.text, user, answer);
    return result.changes > 0;
  }

  async feedback(since?: string): Promise<FeedbackRecord[]> {
    const rows = this.db
      .prepare("SELECT * FROM feedback WHERE at >= ? ORDER BY at, user_id")
      .all(since ?? "") as FeedbackRow[];
    return rows.map(feedbackOf);
  }

  recordQuestion(r: QuestionRecord): Promise<void> {
    return this.batched(() => {
      this.db
        .prepare("INSERT INTO questions (at, question, confident) VALUES (?, ?, ?)")
        .run(r.at, r.question, r.confident ? 1 : 0);
      this.db.prepare("DELETE FROM questions WHERE id <= (SELECT MAX(id) FROM questions) - ?").run(MAX_QUESTIONS);
    });
  }

  async questions(from: string, to: string): Promise<QuestionRecord[]> {
    const rows = this.db
      .prepare("SELECT at, question, confident FROM questions WHERE at >= ? AND at < ? ORDER BY id")
      .all(from, to) as { at: string; question: string; confident: number }[];
    return rows.map((r) => ({ at: r.at, question: r.question, confident: r.confident === 1 }));
  }

  async subscriptions(): Promise<Subscriptions> {
    const rows = this.db.prepare("SELECT channel, subscribed FROM subscriptions ORDER BY seq").all() as {
      channel: string;
      subscribed: number;
    }[];
    return {
      channels: rows.filter((r) => r.subscribed === 1).map((r) => r.channel),
      removed: rows.filter((r) => r.subscribed === 0).map((r) => r.channel),
    };
  }

  private setSubscribed(channel: string, subscribed: boolean): void {
    this.db
      .prepare(
        `INSERT INTO subscriptions (channel, seq, subscribed) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM subscriptions), ?)
         ON CONFLICT (channel) DO UPDATE SET subscribed = excluded.subscribed`,
      )
      .run(channel, subscribed ? 1 : 0);
  }

  async subscribe(channel: string): Promise<Subscriptions> {
    this.setSubscribed(channel, true);
    return this.subscriptions();
  }

  async unsubscribe(channel: string): Promise<Subscriptions> {
    this.setSubscribed(channel, false);
    return this.subscriptions();
  }

  async seedSubscriptions(channels: readonly string[]): Promise<Subscriptions> {
    this.db.transaction(() => {
      const insert = this.db.prepare(
        "INSERT INTO subscriptions (channel, seq, subscribed) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM subscriptions), 1) ON CONFLICT (channel) DO NOTHING",
      );
      for (const c of channels) insert.run(c);
    })();
    return this.subscriptions();
  }

  async digestPost(channel: string, slot: string): Promise<DigestPost | null> {
    const row = this.db.prepare("SELECT * FROM digest_posts WHERE channel = ? AND slot = ?").get(channel, slot) as
      | PostRow
      | undefined;
    return row ? postOf(row) : null;
  }

  async lastDigest(channel: string): Promise<DigestPost | null> {
    const row = this.db
      .prepare("SELECT * FROM digest_posts WHERE channel = ? AND state = 'posted' ORDER BY slot DESC LIMIT 1")
      .get(channel) as PostRow | undefined;
    return row ? postOf(row) : null;
  }

  async claimDigestPost(post: DigestPost, leaseMs: number): Promise<DigestClaim> {
    return this.db
      .transaction((): DigestClaim => {
        const row = this.db
          .prepare("SELECT * FROM digest_posts WHERE channel = ? AND slot = ?")
          .get(post.channel, post.slot) as PostRow | undefined;
        const existing = row ? postOf(row) : null;
        if (existing?.state === "posted") return { outcome: "posted", post: existing };
        if (existing && !claimable(existing, post.owner, post.at, leaseMs)) return { outcome: "held", post: existing };
        this.writePost({ ...post, state: "pending", ts: null });
        return { outcome: "claimed", previous: existing };
      })
      .immediate();
  }

  private writePost(post: DigestPost): void {
    this.db
      .prepare(
        `INSERT INTO digest_posts (channel, slot, state, at, ts, documents, owner) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel, slot) DO UPDATE SET state = excluded.state, at = excluded.at, ts = excluded.ts,
           documents = excluded.documents, owner = excluded.owner`,
      )
      .run(post.channel, post.slot, post.state, post.at, post.ts, JSON.stringify(post.documents), post.owner ?? null);
    this.db
      .prepare(
        `DELETE FROM digest_posts WHERE channel = ? AND slot NOT IN
           (SELECT slot FROM digest_posts WHERE channel = ? ORDER BY slot DESC LIMIT ?)`,
      )
      .run(post.channel, post.channel, MAX_POSTS_PER_CHANNEL);
  }

  async saveDigestPost(post: DigestPost): Promise<void> {
    this.db.transaction(() => this.writePost(post))();
  }

  async clearDigestPost(channel: string, slot: string): Promise<void> {
    this.db.prepare("DELETE FROM digest_posts WHERE channel = ? AND slot = ? AND state = 'pending'").run(channel, slot);
  }

  async installedAt(now: string): Promise<string> {
    this.db.prepare("INSERT INTO install (id, at) VALUES (1, ?) ON CONFLICT (id) DO NOTHING").run(now);
    return (this.db.prepare("SELECT at FROM install WHERE id = 1").get() as { at: string }).at;
  }

  async feeds(): Promise<Feeds> {
    const rows = this.db.prepare("SELECT url, state, removed FROM feeds ORDER BY seq").all() as {
      url: string;
      state: string;
      removed: number;
    }[];
    return {
      feeds: rows.filter((r) => r.removed === 0).map((r) => JSON.parse(r.state) as Feed),
      removed: rows.filter((r) => r.removed === 1).map((r) => r.url),
    };
  }

  async addFeed(feed: Feed): Promise<{ feed: Feed; created: boolean }> {
    return this.db
      .transaction(() => {
        const row = this.db.prepare("SELECT state, removed FROM feeds WHERE url = ?").get(feed.url) as
          | { state: string; removed: number }
          | undefined;
        if (row && row.removed === 0) return { feed: JSON.parse(row.state) as Feed, created: false };
        this.db
          .prepare(
            `INSERT INTO feeds (url, seq, state, removed) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM feeds), ?, 0)
           ON CONFLICT (url) DO UPDATE SET state = excluded.state, removed = 0`,
          )
          .run(feed.url, JSON.stringify(feed));
        return { feed, created: true };
      })
      .immediate();
  }

  async updateFeed(url: string, change: (feed: Feed) => Feed): Promise<Feed | null> {
    return this.db
      .transaction(() => {
        const row = this.db.prepare("SELECT state FROM feeds WHERE url = ? AND removed = 0").get(url) as
          | { state: string }
          | undefined;
        if (!row) return null;
        const updated = change(JSON.parse(row.state) as Feed);
        this.db.prepare("UPDATE feeds SET state = ? WHERE url = ?").run(JSON.stringify(updated), url);
        return updated;
      })
      .immediate();
  }

  async removeFeed(url: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        const row = this.db.prepare("SELECT removed FROM feeds WHERE url = ?").get(url) as
          | { removed: number }
          | undefined;
        if (row) this.db.prepare("UPDATE feeds SET removed = 1 WHERE url = ?").run(url);
        else
          this.db
            .prepare(
              "INSERT INTO feeds (url, seq, state, removed) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM feeds), '{}', 1)",
            )
            .run(url);
        return row?.removed === 0;
      })
      .immediate();
  }

  async claimRequest(key: string, now: string, ttlMs: number): Promise<boolean> {
    const cutoff = new Date(Date.parse(now) - ttlMs).toISOString();
    return this.db.transaction(() => {
      this.db.prepare("DELETE FROM requests WHERE at < ?").run(cutoff);
      return (
        this.db.prepare("INSERT INTO requests (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING").run(key, now)
          .changes > 0
      );
    })();
  }

  async articles(): Promise<{ file: string; text: string }[]> {
    return this.db.prepare("SELECT file, text FROM articles ORDER BY file").all() as { file: string; text: string }[];
  }

  async saveArticle(file: string, text: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO articles (file, text, at) VALUES (?, ?, ?) ON CONFLICT (file) DO UPDATE SET text = excluded.text, at = excluded.at",
        )
        .run(file, text, at);
      this.db.prepare("UPDATE article_changes SET version = version + 1 WHERE id = 1").run();
    })();
  }

  async removeArticle(file: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM articles WHERE file = ?").run(file);
      this.db.prepare("UPDATE article_changes SET version = version + 1 WHERE id = 1").run();
    })();
  }

  async articlesVersion(): Promise<number> {
    return Number(
      (this.db.prepare("SELECT version FROM article_changes WHERE id = 1").get() as { version: number }).version,
    );
  }

  async close(): Promise<void> {
    await this.flushing;
    if (this.db.open) this.db.close();
  }
}
