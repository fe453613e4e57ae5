/**
 * The store for several replicas: PostgreSQL through node-postgres (`pg`), when
 * DATABASE_URL is set. The same tables as SQLite. Every decision two replicas could race
 * on is made by the database: a digest claim is an upsert that only takes a slot that is
 * free or whose lease ran out (row-locked, so two replicas never both win); a request is
 * taken by the replica whose INSERT lands; votes are upserts on (user, answer); feeds and
 * subscriptions change inside transactions.
 *
 * Migrations run under an advisory lock, so replicas starting together apply them once.
 */
import pg from "pg";
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

/** An arbitrary constant: the advisory lock nkru's migrations take. */
const MIGRATION_LOCK = 7_304_211;

export interface PostgresOptions {
  readonly connectionString: string;
  /** A schema of its own (tests use one per run); default the connection's search_path. */
  readonly schema?: string;
  readonly max?: number;
}

export class PostgresStore implements Store {
  readonly degraded = null;
  readonly description: string;
  private constructor(
    private readonly pool: pg.Pool,
    description: string,
  ) {
    this.description = description;
  }

  /** Connects, creates the schema if asked for one, and applies the migrations not yet applied. */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const schema = options.schema;
    if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: 5000,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client's error (the server restarted) must not end the process; the next query reconnects.
    pool.on("error", () => {});
    const url = new URL(options.connectionString);
    url.password = "";
    const store = new PostgresStore(
      pool,
      `PostgreSQL at ${url.host}${url.pathname}${schema ? ` (schema ${schema})` : ""}`,
    );
    const client = await pool.connect();
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      try {
        await client.query("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, at TEXT NOT NULL)");
        const done = new Set((await client.query("SELECT version FROM migrations")).rows.map((r) => Number(r.version)));
        for (const m of MIGRATIONS) {
          if (done.has(m.version)) continue;
          await client.query("BEGIN");
          await client.query(m.postgres);
          await client.query("INSERT INTO migrations (version, at) VALUES ($1, $2)", [
            m.version,
            new Date(0).toISOString(),
          ]);
          await client.query("COMMIT");
        }
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
      }
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      client.release();
      await pool.end();
      throw error;
    }
    client.release();
    return store;
  }

  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async recordFeedback(r: Omit<FeedbackRecord, "reason">): Promise<void> {
    await this.pool.query(
      `INSERT INTO feedback (user_id, answer, at, vote, question, cited, channel) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, answer) DO UPDATE SET at = EXCLUDED.at, vote = EXCLUDED.vote, channel = EXCLUDED.channel,
         reason = CASE WHEN EXCLUDED.vote = feedback.vote THEN feedback.reason END,
         reason_text = CASE WHEN EXCLUDED.vote = feedback.vote THEN feedback.reason_text END`,
      [r.user, r.answer, r.at, r.vote, r.question, JSON.stringify(r.cited), r.channel],
    );
  }

  async setFeedbackReason(user: string, answer: string, reason: FeedbackReason): Promise<boolean> {
    const result = await this.pool.query(
      "UPDATE feedback SET reason = $1, reason_text = $2 WHERE user_id = $3 AND answer = $4 AND vote = 'down'",
      [reason.kind, reason.text, user, answer],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async feedback(since?: string): Promise<FeedbackRecord[]> {
    const { rows } = await this.pool.query<FeedbackRow>("SELECT * FROM feedback WHERE at >= $1 ORDER BY at, user_id", [
      since ?? "",
    ]);
    return rows.map(feedbackOf);
  }

  async recordQuestion(r: QuestionRecord): Promise<void> {
    await this.pool.query("INSERT INTO questions (at, question, confident) VALUES ($1, $2, $3)", [
      r.at,
      r.question,
      r.confident,
    ]);
    // Trimmed now and then rather than on every insert: a DELETE per question would double the cost of logging one.
    if (Math.random() < 0.01) {
      await this.pool.query("DELETE FROM questions WHERE id <= (SELECT MAX(id) FROM questions) - $1", [MAX_QUESTIONS]);
    }
  }

  async questions(from: string, to: string): Promise<QuestionRecord[]> {
    const { rows } = await this.pool.query(
      "SELECT at, question, confident FROM questions WHERE at >= $1 AND at < $2 ORDER BY id",
      [from, to],
    );
    return rows.map((r) => ({ at: r.at as string, question: r.question as string, confident: r.confident as boolean }));
  }

  async subscriptions(): Promise<Subscriptions> {
    const { rows } = await this.pool.query("SELECT channel, subscribed FROM subscriptions ORDER BY seq");
    return {
      channels: rows.filter((r) => r.subscribed).map((r) => r.channel as string),
      removed: rows.filter((r) => !r.subscribed).map((r) => r.channel as string),
    };
  }

  private async setSubscribed(channel: string, subscribed: boolean): Promise<void> {
    // seq orders the list; clock_timestamp() in microseconds is unique enough and needs no shared counter.
    await this.pool.query(
      `INSERT INTO subscriptions (channel, seq, subscribed) VALUES ($1, (extract(epoch from clock_timestamp()) * 1000000)::bigint, $2)
       ON CONFLICT (channel) DO UPDATE SET subscribed = EXCLUDED.subscribed`,
      [channel, subscribed],
    );
  }

  async subscribe(channel: string): Promise<Subscriptions> {
    await this.setSubscribed(channel, true);
    return this.subscriptions();
  }

  async unsubscribe(channel: string): Promise<Subscriptions> {
    await this.setSubscribed(channel, false);
    return this.subscriptions();
  }

  async seedSubscriptions(channels: readonly string[]): Promise<Subscriptions> {
    for (const c of channels) {
      await this.pool.query(
        `INSERT INTO subscriptions (channel, seq, subscribed) VALUES ($1, (extract(epoch from clock_timestamp()) * 1000000)::bigint, true)
         ON CONFLICT (channel) DO NOTHING`,
        [c],
      );
    }
    return this.subscriptions();
  }

  async digestPost(channel: string, slot: string): Promise<DigestPost | null> {
    const { rows } = await this.pool.query<PostRow>("SELECT * FROM digest_posts WHERE channel = $1 AND slot = $2", [
      channel,
      slot,
    ]);
    return rows[0] ? postOf(rows[0]) : null;
  }

  async lastDigest(channel: string): Promise<DigestPost | null> {
    const { rows } = await this.pool.query<PostRow>(
      "SELECT * FROM digest_posts WHERE channel = $1 AND state = 'posted' ORDER BY slot DESC LIMIT 1",
      [channel],
    );
    return rows[0] ? postOf(rows[0]) : null;
  }

  async claimDigestPost(post: DigestPost, leaseMs: number): Promise<DigestClaim> {
    return this.tx(async (c) => {
      // The row is created if absent and locked either way, so two replicas serialise here.
      await c.query(
        `INSERT INTO digest_posts (channel, slot, state, at, ts, documents, owner) VALUES ($1, $2, 'pending', $3, NULL, $4, NULL)
         ON CONFLICT (channel, slot) DO NOTHING`,
        [post.channel, post.slot, "", JSON.stringify(post.documents)],
      );
      const { rows } = await c.query<PostRow>(
        "SELECT * FROM digest_posts WHERE channel = $1 AND slot = $2 FOR UPDATE",
        [post.channel, post.slot],
      );
      const row = rows[0] as PostRow;
      // A row with no time is the one just inserted: free to claim.
      const existing = row.at === "" ? null : postOf(row);
      if (existing?.state === "posted") return { outcome: "posted", post: existing };
      if (existing && !claimable(existing, post.owner, post.at, leaseMs)) return { outcome: "held", post: existing };
      await c.query(
        "UPDATE digest_posts SET state = 'pending', at = $3, ts = NULL, documents = $4, owner = $5 WHERE channel = $1 AND slot = $2",
        [post.channel, post.slot, post.at, JSON.stringify(post.documents), post.owner ?? null],
      );
      return { outcome: "claimed", previous: existing };
    });
  }

  async saveDigestPost(post: DigestPost): Promise<void> {
    await this.tx(async (c) => {
      await c.query(
        `INSERT INTO digest_posts (channel, slot, state, at, ts, documents, owner) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (channel, slot) DO UPDATE SET state = EXCLUDED.state, at = EXCLUDED.at, ts = EXCLUDED.ts,
           documents = EXCLUDED.documents, owner = EXCLUDED.owner`,
        [post.channel, post.slot, post.state, post.at, post.ts, JSON.stringify(post.documents), post.owner ?? null],
      );
      await c.query(
        `DELETE FROM digest_posts WHERE channel = $1 AND slot NOT IN
           (SELECT slot FROM digest_posts WHERE channel = $1 ORDER BY slot DESC LIMIT $2)`,
        [post.channel, MAX_POSTS_PER_CHANNEL],
      );
    });
  }

  async clearDigestPost(channel: string, slot: string): Promise<void> {
    await this.pool.query("DELETE FROM digest_posts WHERE channel = $1 AND slot = $2 AND state = 'pending'", [
      channel,
      slot,
    ]);
  }

  async installedAt(now: string): Promise<string> {
    await this.pool.query("INSERT INTO install (id, at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING", [now]);
    const { rows } = await this.pool.query("SELECT at FROM install WHERE id = 1");
    return rows[0].at as string;
  }

  async feeds(): Promise<Feeds> {
    const { rows } = await this.pool.query("SELECT url, state, removed FROM feeds ORDER BY seq");
    return {
      feeds: rows.filter((r) => !r.removed).map((r) => JSON.parse(r.state as string) as Feed),
      removed: rows.filter((r) => r.removed).map((r) => r.url as string),
    };
  }

  async addFeed(feed: Feed): Promise<{ feed: Feed; created: boolean }> {
    return this.tx(async (c) => {
      await c.query(
        `INSERT INTO feeds (url, seq, state, removed) VALUES ($1, (extract(epoch from clock_timestamp()) * 1000000)::bigint, $2, true)
         ON CONFLICT (url) DO NOTHING`,
        [feed.url, "{}"],
      );
      const { rows } = await c.query("SELECT state, removed FROM feeds WHERE url = $1 FOR UPDATE", [feed.url]);
      if (!rows[0].removed) return { feed: JSON.parse(rows[0].state as string) as Feed, created: false };
      await c.query("UPDATE feeds SET state = $2, removed = false WHERE url = $1", [feed.url, JSON.stringify(feed)]);
      return { feed, created: true };
    });
  }

  async updateFeed(url: string, change: (feed: Feed) => Feed): Promise<Feed | null> {
    return this.tx(async (c) => {
      const { rows } = await c.query("SELECT state FROM feeds WHERE url = $1 AND NOT removed FOR UPDATE", [url]);
      if (!rows[0]) return null;
      const updated = change(JSON.parse(rows[0].state as string) as Feed);
      await c.query("UPDATE feeds SET state = $2 WHERE url = $1", [url, JSON.stringify(updated)]);
      return updated;
    });
  }

  async removeFeed(url: string): Promise<boolean> {
    return this.tx(async (c) => {
      const { rows } = await c.query("SELECT removed FROM feeds WHERE url = $1 FOR UPDATE", [url]);
      if (rows[0]) {
        await c.query("UPDATE feeds SET removed = true WHERE url = $1", [url]);
        return !rows[0].removed;
      }
      await c.query(
        "INSERT INTO feeds (url, seq, state, removed) VALUES ($1, (extract(epoch from clock_timestamp()) * 1000000)::bigint, '{}', true)",
        [url],
      );
      return false;
    });
  }

  async claimRequest(key: string, now: string, ttlMs: number): Promise<boolean> {
    const cutoff = new Date(Date.parse(now) - ttlMs).toISOString();
    const { rowCount } = await this.pool.query(
      "INSERT INTO requests (key, at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
      [key, now],
    );
    if (Math.random() < 0.02) await this.pool.query("DELETE FROM requests WHERE at < $1", [cutoff]);
    return (rowCount ?? 0) > 0;
  }

  async articles(): Promise<{ file: string; text: string }[]> {
    const { rows } = await this.pool.query("SELECT file, text FROM articles ORDER BY file");
    return rows as { file: string; text: string }[];
  }

  async saveArticle(file: string, text: string, at: string): Promise<void> {
    await this.tx(async (c) => {
      await c.query(
        "INSERT INTO articles (file, text, at) VALUES ($1, $2, $3) ON CONFLICT (file) DO UPDATE SET text = EXCLUDED.text, at = EXCLUDED.at",
        [file, text, at],
      );
      await c.query("UPDATE article_changes SET version = version + 1 WHERE id = 1");
    });
  }

  async removeArticle(file: string): Promise<void> {
    await this.tx(async (c) => {
      await c.query("DELETE FROM articles WHERE file = $1", [file]);
      await c.query("UPDATE article_changes SET version = version + 1 WHERE id = 1");
    });
  }

  async articlesVersion(): Promise<number> {
    const { rows } = await this.pool.query("SELECT version FROM article_changes WHERE id = 1");
    return Number(rows[0].version);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Drops the schema (tests clean up their own). */
  async dropSchema(schema: string): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}
