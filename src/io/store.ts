/**
 * State that must survive a restart, behind a small interface that a networked store
 * (Redis, Postgres) can implement later. {@link FileStore} keeps one JSON file per
 * collection under DATA_DIR, each written atomically and one writer at a time.
 */
import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";

export interface FeedbackRecord {
  /** ISO time of the vote. */
  readonly at: string;
  readonly user: string;
  readonly vote: "up" | "down";
  readonly question: string;
  /** Cited passages, as "document-id#passage". */
  readonly cited: readonly string[];
  readonly channel: string | null;
}

/** A question asked, without who asked it: feeds the digest's "most asked" footer. */
export interface QuestionRecord {
  readonly at: string;
  readonly question: string;
  readonly confident: boolean;
}

/**
 * One channel's digest for one scheduled slot. "pending" is written before posting and
 * "posted" (with the message ts) after: a restart that finds "pending" checks the
 * channel before posting again, so a slot is never posted twice.
 */
export interface DigestPost {
  readonly channel: string;
  /** The slot's scheduled time, ISO, UTC. */
  readonly slot: string;
  readonly state: "pending" | "posted";
  /** When the post was claimed or confirmed. */
  readonly at: string;
  readonly ts: string | null;
  /** The documents it covered, id → hash, to tell what is new next time. */
  readonly documents: Readonly<Record<string, string>>;
}

export interface Subscriptions {
  readonly channels: readonly string[];
  /** Channels that unsubscribed: DIGEST_CHANNELS does not re-add them. */
  readonly removed: readonly string[];
}

/** A feed nkru polls, with what it needs for conditional requests, backoff and not adding an item twice. */
export interface Feed {
  readonly url: string;
  /** An item is kept only if its title or text mentions one of these (none: every item). */
  readonly keywords: readonly string[];
  /** A Slack user id, or "config" for FEEDS. */
  readonly addedBy: string;
  readonly addedAt: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** Keys (guid or link) of items already handled, newest last, at most {@link MAX_SEEN_ITEMS}. */
  readonly seen: readonly string[];
  readonly lastPolledAt: string | null;
  readonly lastOkAt: string | null;
  /** Failed polls in a row; 0 when the last poll worked. */
  readonly failures: number;
  readonly lastError: string | null;
  /** Not polled before this time (backoff after failures); null: at the next run. */
  readonly nextAttemptAt: string | null;
  /** Items added from it so far. */
  readonly added: number;
}

export const MAX_SEEN_ITEMS = 1000;

export interface Feeds {
  readonly feeds: readonly Feed[];
  /** Feeds an admin removed: FEEDS does not re-add them. */
  readonly removed: readonly string[];
}

export interface Store {
  recordFeedback(record: FeedbackRecord): Promise<void>;
  feedback(): Promise<FeedbackRecord[]>;
  recordQuestion(record: QuestionRecord): Promise<void>;
  /** Questions asked from `from` (inclusive) to `to` (exclusive), ISO times. */
  questions(from: string, to: string): Promise<QuestionRecord[]>;
  subscriptions(): Promise<Subscriptions>;
  subscribe(channel: string): Promise<Subscriptions>;
  unsubscribe(channel: string): Promise<Subscriptions>;
  /** Adds channels from configuration, except those that unsubscribed. */
  seedSubscriptions(channels: readonly string[]): Promise<Subscriptions>;
  digestPost(channel: string, slot: string): Promise<DigestPost | null>;
  /** The channel's latest posted digest. */
  lastDigest(channel: string): Promise<DigestPost | null>;
  saveDigestPost(post: DigestPost): Promise<void>;
  /** Forgets a pending claim that turned out not to post. */
  clearDigestPost(channel: string, slot: string): Promise<void>;
  /**
   * When this install first started (ISO): recorded as `now` by the first call, and
   * returned unchanged ever after. Digest slots before it were never this install's to post.
   */
  installedAt(now: string): Promise<string>;
  feeds(): Promise<Feeds>;
  /** Adds a feed, or returns the one already there under that address (the first write wins). */
  addFeed(feed: Feed): Promise<{ feed: Feed; created: boolean }>;
  /** Replaces a feed's state after a poll; a feed removed meanwhile stays removed. */
  updateFeed(url: string, change: (feed: Feed) => Feed): Promise<Feed | null>;
  removeFeed(url: string): Promise<boolean>;
}

export class StoreError extends Error {}

/** JSON documents in a folder; a corrupt one is set aside (never deleted) and started afresh. */
export class JsonFiles {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Files found corrupt and set aside (never deleted), for the operator to inspect. */
  private readonly setAside: string[] = [];

  constructor(readonly dir: string) {}

  private path(name: string): string {
    return join(this.dir, `${name}.json`);
  }

  async read<T>(name: string, empty: T): Promise<T> {
    let text: string;
    try {
      text = await readFile(this.path(name), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return empty;
      throw new StoreError(`cannot read ${this.path(name)}: ${(error as Error).message}`);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      const aside = `${this.path(name)}.corrupt-${this.setAside.length + 1}-${process.pid}`;
      await rename(this.path(name), aside).catch(() => {});
      this.setAside.push(aside);
      return empty;
    }
  }

  /** Read-modify-write, serialised per document so concurrent updates never lose one another. */
  update<T>(name: string, empty: T, change: (current: T) => T): Promise<T> {
    const previous = this.queues.get(name) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const updated = change(await this.read(name, empty));
        await writeFileAtomic(this.path(name), `${JSON.stringify(updated, null, 1)}\n`);
        return updated;
      });
    this.queues.set(name, next);
    return next;
  }
}

/** Question log entries kept; older ones are dropped (the footer looks at yesterday only). */
const MAX_QUESTIONS = 20_000;
/** Digest records kept per channel. */
const MAX_POSTS_PER_CHANNEL = 60;

type Posts = Record<string, DigestPost[]>;

export class FileStore implements Store {
  readonly files: JsonFiles;

  constructor(dir: string) {
    this.files = new JsonFiles(dir);
  }

  private questionQueue: QuestionRecord[] = [];
  private questionWrite: Promise<void> | null = null;

  /**
   * Questions arrive with every answer, hundreds a second under load: they are queued
   * and written in batches, one write at a time, each carrying everything queued so
   * far. The promise settles once the record is on disk.
   */
  recordQuestion(record: QuestionRecord): Promise<void> {
    this.questionQueue.push(record);
    this.questionWrite ??= (async () => {
      try {
        while (this.questionQueue.length > 0) {
          const batch = this.questionQueue.splice(0);
          await this.files.update<QuestionRecord[]>("questions", [], (all) => [...all, ...batch].slice(-MAX_QUESTIONS));
        }
      } finally {
        this.questionWrite = null;
      }
    })();
    return this.questionWrite;
  }

  async questions(from: string, to: string): Promise<QuestionRecord[]> {
    return (await this.files.read<QuestionRecord[]>("questions", [])).filter((q) => q.at >= from && q.at < to);
  }

  subscriptions(): Promise<Subscriptions> {
    return this.files.read<Subscriptions>("subscriptions", { channels: [], removed: [] });
  }

  subscribe(channel: string): Promise<Subscriptions> {
    return this.files.update<Subscriptions>("subscriptions", { channels: [], removed: [] }, (s) => ({
      channels: s.channels.includes(channel) ? s.channels : [...s.channels, channel],
      removed: s.removed.filter((c) => c !== channel),
    }));
  }

  unsubscribe(channel: string): Promise<Subscriptions> {
    return this.files.update<Subscriptions>("subscriptions", { channels: [], removed: [] }, (s) => ({
      channels: s.channels.filter((c) => c !== channel),
      removed: s.removed.includes(channel) ? s.removed : [...s.removed, channel],
    }));
  }

  seedSubscriptions(channels: readonly string[]): Promise<Subscriptions> {
    return this.files.update<Subscriptions>("subscriptions", { channels: [], removed: [] }, (s) => ({
      channels: [...s.channels, ...channels.filter((c) => !s.channels.includes(c) && !s.removed.includes(c))],
      removed: s.removed,
    }));
  }

  async digestPost(channel: string, slot: string): Promise<DigestPost | null> {
    const posts = await this.files.read<Posts>("digest-posts", {});
    return posts[channel]?.find((p) => p.slot === slot) ?? null;
  }

  async lastDigest(channel: string): Promise<DigestPost | null> {
    const posts = (await this.files.read<Posts>("digest-posts", {}))[channel] ?? [];
    return [...posts].filter((p) => p.state === "posted").sort((a, b) => (a.slot < b.slot ? 1 : -1))[0] ?? null;
  }

  async saveDigestPost(post: DigestPost): Promise<void> {
    await this.files.update<Posts>("digest-posts", {}, (all) => {
      const mine = (all[post.channel] ?? []).filter((p) => p.slot !== post.slot);
      const kept = [...mine, post].sort((a, b) => (a.slot < b.slot ? -1 : 1)).slice(-MAX_POSTS_PER_CHANNEL);
      return { ...all, [post.channel]: kept };
    });
  }

  async clearDigestPost(channel: string, slot: string): Promise<void> {
    await this.files.update<Posts>("digest-posts", {}, (all) => ({
      ...all,
      [channel]: (all[channel] ?? []).filter((p) => p.slot !== slot),
    }));
  }

  async recordFeedback(record: FeedbackRecord): Promise<void> {
    await this.files.update<FeedbackRecord[]>("feedback", [], (all) => [...all, record]);
  }

  feedback(): Promise<FeedbackRecord[]> {
    return this.files.read<FeedbackRecord[]>("feedback", []);
  }

  async installedAt(now: string): Promise<string> {
    const install = await this.files.update<{ at?: string }>("install", {}, (current) =>
      typeof current?.at === "string" ? current : { at: now },
    );
    return install.at as string;
  }

  feeds(): Promise<Feeds> {
    return this.files.read<Feeds>("feeds", { feeds: [], removed: [] });
  }

  async addFeed(feed: Feed): Promise<{ feed: Feed; created: boolean }> {
    let result: { feed: Feed; created: boolean } = { feed, created: true };
    await this.files.update<Feeds>("feeds", { feeds: [], removed: [] }, (all) => {
      const existing = all.feeds.find((f) => f.url === feed.url);
      if (existing) {
        result = { feed: existing, created: false };
        return all;
      }
      return { feeds: [...all.feeds, feed], removed: all.removed.filter((u) => u !== feed.url) };
    });
    return result;
  }

  async updateFeed(url: string, change: (feed: Feed) => Feed): Promise<Feed | null> {
    let updated: Feed | null = null;
    await this.files.update<Feeds>("feeds", { feeds: [], removed: [] }, (all) => ({
      ...all,
      feeds: all.feeds.map((f) => {
        if (f.url !== url) return f;
        updated = change(f);
        return updated;
      }),
    }));
    return updated;
  }

  async removeFeed(url: string): Promise<boolean> {
    let removed = false;
    await this.files.update<Feeds>("feeds", { feeds: [], removed: [] }, (all) => {
      removed = all.feeds.some((f) => f.url === url);
      return {
        feeds: all.feeds.filter((f) => f.url !== url),
        removed: all.removed.includes(url) ? all.removed : [...all.removed, url],
      };
    });
    return removed;
  }
}
