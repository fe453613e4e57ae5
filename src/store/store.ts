/**
 * State that must survive a restart and be shared by replicas: one interface, two
 * implementations that pass one contract suite (test/store/contract.ts): SQLite in
 * DATA_DIR (sqlite-store.ts, the default) and PostgreSQL (postgres-store.ts, when
 * DATABASE_URL is set, for several replicas). Every "exactly once" decision (a digest
 * slot per channel, a request answered once, one vote per person per answer) is a key
 * the database enforces, never a check-then-write in memory.
 */

/** Why a 👎: picked in the "What was wrong?" dialog. */
export type FeedbackReasonKind = "wrong_excerpt" | "missing" | "outdated" | "other";

export interface FeedbackReason {
  readonly kind: FeedbackReasonKind | null;
  readonly text: string | null;
}

export interface FeedbackRecord {
  /** ISO time of the vote (of the latest change of mind). */
  readonly at: string;
  readonly user: string;
  /** Which answer: the question and what it cited (see answerKey). One vote per user and answer. */
  readonly answer: string;
  readonly vote: "up" | "down";
  readonly question: string;
  /** Cited passages, as "document-id#passage". */
  readonly cited: readonly string[];
  readonly channel: string | null;
  readonly reason: FeedbackReason | null;
}

/** The key that makes two votes votes on the same answer: the question as asked, and what was cited. */
export function answerKey(question: string, cited: readonly string[]): string {
  return `${question.trim().toLowerCase().replace(/\s+/g, " ")}\n${cited.join(",")}`;
}

/** A question asked, without who asked it: feeds the digest's "most asked" footer. */
export interface QuestionRecord {
  readonly at: string;
  readonly question: string;
  readonly confident: boolean;
}

/**
 * One channel's digest for one scheduled slot. "pending" is claimed before posting and
 * "posted" (with the message ts) after: a claim left by a crash is taken over once its
 * lease has run out, after looking in the channel, so a slot is never posted twice.
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
  /** The process that claimed it (pending claims only). */
  readonly owner?: string | null;
}

/** The outcome of claiming a slot: ours to post, already posted, or claimed by a live process. */
export type DigestClaim =
  | { readonly outcome: "claimed"; readonly previous: DigestPost | null }
  | { readonly outcome: "posted"; readonly post: DigestPost }
  | { readonly outcome: "held"; readonly post: DigestPost };

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
  /** "sqlite" or "postgres", and where, for `status` (no password). */
  readonly description: string;
  /** Why state cannot be saved (a read-only or full data folder at start-up); null when it can. */
  readonly degraded: string | null;

  /** Records a vote; a second vote by the same user on the same answer replaces the first. */
  recordFeedback(record: Omit<FeedbackRecord, "reason">): Promise<void>;
  /** Adds the reason to a user's 👎 on an answer; false when there is no such vote. */
  setFeedbackReason(user: string, answer: string, reason: FeedbackReason): Promise<boolean>;
  /** Votes since `since` (ISO; all when omitted), oldest first. */
  feedback(since?: string): Promise<FeedbackRecord[]>;

  recordQuestion(record: QuestionRecord): Promise<void>;
  /** Questions asked from `from` (inclusive) to `to` (exclusive), ISO times, oldest first. */
  questions(from: string, to: string): Promise<QuestionRecord[]>;

  subscriptions(): Promise<Subscriptions>;
  subscribe(channel: string): Promise<Subscriptions>;
  unsubscribe(channel: string): Promise<Subscriptions>;
  /** Adds channels from configuration, except those that unsubscribed. */
  seedSubscriptions(channels: readonly string[]): Promise<Subscriptions>;

  digestPost(channel: string, slot: string): Promise<DigestPost | null>;
  /** The channel's latest posted digest. */
  lastDigest(channel: string): Promise<DigestPost | null>;
  /**
   * Claims a slot for a channel: a new claim, or one whose owner is `post.owner`, or one
   * older than `leaseMs` (its process died), becomes ours; a posted one or another live
   * process's claim does not.
   */
  claimDigestPost(post: DigestPost, leaseMs: number): Promise<DigestClaim>;
  /** Records the slot as posted (or a claim, for imports and tests). */
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

  /**
   * Marks a Slack request (event id, command or action trigger) as taken by this replica:
   * true the first time, false if any replica took it already. Keys older than `ttlMs`
   * are forgotten.
   */
  claimRequest(key: string, now: string, ttlMs: number): Promise<boolean>;

  /** Added articles kept in the database (store-shelf.ts): file name and Markdown text. */
  articles(): Promise<{ file: string; text: string }[]>;
  saveArticle(file: string, text: string, at: string): Promise<void>;
  removeArticle(file: string): Promise<void>;
  /** A number that grows with every change to the articles, whichever replica made it. */
  articlesVersion(): Promise<number>;

  /** Writes what is queued and closes the connection. */
  close(): Promise<void>;
}

export class StoreError extends Error {}
