/**
 * Polls the feeds on a schedule (FEEDS_CRON, every 30 minutes by default) and adds each
 * new item's article through the intake, as if someone had typed its link.
 *
 * - Conditional requests (If-None-Match, If-Modified-Since): an unchanged feed costs a 304.
 * - A new feed adds its current items, at most {@link FIRST_POLL_ITEMS}, never its archive.
 * - Keywords: an item whose title or summary mentions one is added; one that does not is
 *   added only if its article's text does (a general outlet's world feed carries far
 *   more than this topic).
 * - A failing feed is retried with exponential backoff, shown as failing in `feeds list`
 *   and `status`, and never stops the others.
 */
import { type ScheduledTask, schedule } from "node-cron";
import type { Clock } from "../clock.js";
import type { AddressPolicy } from "../ingest/address-policy.js";
import type { ArticleIntake } from "../ingest/article-intake.js";
import { decodePage } from "../ingest/decode-page.js";
import { type FetchOptions, fetchPage } from "../ingest/fetch-page.js";
import { mentionsAny } from "../ingest/mentions.js";
import { type FeedItem, readFeed } from "../ingest/read-feed.js";
import type { Logger } from "../logger.js";
import { failed, ok, type Result } from "../result.js";
import { type Feed, MAX_SEEN_ITEMS, type Store } from "../store/store.js";

export const FEED_TYPES = [
  "application/rss+xml",
  "application/atom+xml",
  "application/rdf+xml",
  "application/feed+json",
  "application/json",
  "application/xml",
  "text/xml",
];
export const FIRST_POLL_ITEMS = 20;
/** Items added in one poll of one feed, at most: a feed that floods is read over several polls. */
const ITEMS_PER_POLL = 20;
const BACKOFF_BASE_MS = 5 * 60_000;
const BACKOFF_MAX_MS = 24 * 3_600_000;
/** Failures worth another try at the next poll: the item was not judged, only not reached. */
const TRANSIENT = new Set(["timeout", "network", "dns_failed", "http_error", "save_failed", "bug"]);

export interface FeedPollerOptions {
  readonly store: Store;
  readonly intake: ArticleIntake;
  readonly policy: AddressPolicy;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly cron: string;
  readonly timezone: string;
  readonly fetch?: Partial<Pick<FetchOptions, "resolve" | "timeoutMs" | "maxBytes">>;
}

export interface PollReport {
  readonly url: string;
  /** "ok", "not_modified", "backing_off", or the failure code. */
  readonly outcome: string;
  readonly added: readonly string[];
  readonly message?: string;
}

export class FeedPoller {
  private task: ScheduledTask | null = null;
  private running: Promise<PollReport[]> | null = null;
  /** Set by stop(): a poll under way finishes the item it is on and goes no further. */
  private stopping = false;

  constructor(private readonly o: FeedPollerOptions) {}

  /** Schedules the polls; returns the node-cron task (tests fire it themselves). */
  start(): ScheduledTask {
    this.task = schedule(
      this.o.cron,
      async () => {
        await this.pollAll();
      },
      { timezone: this.o.timezone, name: "nkru-feeds", noOverlap: true },
    );
    return this.task;
  }

  /** Adds the configured feeds (FEEDS) that are not there yet and that no admin removed. */
  async seed(seeds: readonly { url: string; keywords: readonly string[] }[]): Promise<void> {
    const { feeds, removed } = await this.o.store.feeds();
    const at = this.o.clock().toISOString();
    for (const s of seeds) {
      if (feeds.some((f) => f.url === s.url) || removed.includes(s.url)) continue;
      await this.o.store.addFeed(newFeed(s.url, s.keywords, "config", at));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.task?.destroy();
    this.task = null;
    await this.running;
  }

  /** Polls every feed that is due; one poll at a time, so a slow run is never doubled. */
  pollAll(): Promise<PollReport[]> {
    this.running ??= this.pollDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pollDue(): Promise<PollReport[]> {
    const now = this.o.clock().toISOString();
    const { feeds } = await this.o.store.feeds();
    const reports: PollReport[] = [];
    for (const feed of feeds) {
      if (this.stopping) break;
      if (feed.nextAttemptAt && feed.nextAttemptAt > now) {
        reports.push({ url: feed.url, outcome: "backing_off", added: [] });
        continue;
      }
      reports.push(await this.poll(feed));
    }
    if (reports.length) {
      this.o.logger.info(
        {
          kind: "feeds",
          feeds: reports.length,
          added: reports.reduce((n, r) => n + r.added.length, 0),
          failing: reports.filter((r) => !["ok", "not_modified", "backing_off"].includes(r.outcome)).length,
        },
        "feeds polled",
      );
    }
    return reports;
  }

  /** Polls one feed now and records the result; never throws. */
  async poll(feed: Feed): Promise<PollReport> {
    try {
      return await this.pollOnce(feed);
    } catch (error) {
      this.o.logger.error({ err: error, feed: feed.url }, "feed poll failed unexpectedly");
      return this.recordFailure(feed, "bug", "something went wrong on nkru's side");
    }
  }

  private async pollOnce(feed: Feed): Promise<PollReport> {
    const { logger, clock, store } = this.o;
    const headers: Record<string, string> = {};
    if (feed.etag) headers["if-none-match"] = feed.etag;
    if (feed.lastModified) headers["if-modified-since"] = feed.lastModified;
    const fetched = await fetchPage(feed.url, { policy: this.o.policy, accept: FEED_TYPES, headers, ...this.o.fetch });
    if (!fetched.ok) return this.recordFailure(feed, fetched.code, fetched.message ?? fetched.code);
    const polledAt = clock().toISOString();
    if (fetched.value.notModified) {
      await store.updateFeed(feed.url, (f) => ({
        ...f,
        lastPolledAt: polledAt,
        lastOkAt: polledAt,
        failures: 0,
        lastError: null,
        nextAttemptAt: null,
      }));
      return { url: feed.url, outcome: "not_modified", added: [] };
    }
    const parsed = readFeed(decodePage(fetched.value.bytes, fetched.value.charset), fetched.value.url);
    if (!parsed.ok) return this.recordFailure(feed, parsed.code, parsed.message ?? parsed.code);

    const seen = new Set(feed.seen);
    const first = feed.lastOkAt === null && feed.seen.length === 0;
    const fresh = parsed.value.items.filter((i) => !seen.has(i.key));
    // Oldest first, so the corpus gains them in the order they were published.
    const batch = (first ? fresh.slice(0, FIRST_POLL_ITEMS) : fresh.slice(0, ITEMS_PER_POLL)).reverse();
    const handled: string[] = [];
    const added: string[] = [];
    for (const item of batch) {
      if (this.stopping) break; // the rest are still unseen: the next start takes them
      const outcome = await this.addItem(feed, item);
      if (!outcome.ok && TRANSIENT.has(outcome.code)) continue; // tried again at the next poll
      handled.push(item.key);
      if (outcome.ok && outcome.value) added.push(outcome.value);
    }
    // Items beyond a first poll's 20 are the archive: marked seen, never added.
    const skippedArchive = first ? fresh.slice(FIRST_POLL_ITEMS).map((i) => i.key) : [];
    await store.updateFeed(feed.url, (f) => ({
      ...f,
      etag: fetched.value.etag,
      lastModified: fetched.value.lastModified,
      seen: [...f.seen, ...skippedArchive, ...handled].slice(-MAX_SEEN_ITEMS),
      lastPolledAt: polledAt,
      lastOkAt: polledAt,
      failures: 0,
      lastError: null,
      nextAttemptAt: null,
      added: f.added + added.length,
    }));
    if (added.length) logger.info({ feed: feed.url, added }, `added ${added.length} from a feed`);
    return { url: feed.url, outcome: "ok", added };
  }

  /** The id of the article added for `item`; null when it was not added for a reason that will not change. */
  private async addItem(feed: Feed, item: FeedItem): Promise<Result<string | null>> {
    if (!item.link) return ok(null);
    const onTopic = mentionsAny(`${item.title}\n${item.text}`, feed.keywords);
    // An item whose summary says nothing of the keywords may still be on topic: its text decides.
    if (!onTopic && item.text.length > 200) return ok(null);
    const result = await this.o.intake.add(
      { kind: "url", url: item.link },
      { by: "feed", feed: feed.url, ...(onTopic ? {} : { mustMention: feed.keywords }) },
    );
    if (!result.ok) return TRANSIENT.has(result.code) ? failed(result.code) : ok(null);
    return ok(result.value.status === "added" ? result.value.document.id : null);
  }

  private async recordFailure(feed: Feed, code: string, message: string): Promise<PollReport> {
    const now = this.o.clock();
    const failures = feed.failures + 1;
    const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
    await this.o.store.updateFeed(feed.url, (f) => ({
      ...f,
      lastPolledAt: now.toISOString(),
      failures,
      lastError: message,
      nextAttemptAt: new Date(now.getTime() + wait).toISOString(),
    }));
    this.o.logger.warn({ feed: feed.url, code, failures, retryInMs: wait }, `feed poll failed: ${message}`);
    return { url: feed.url, outcome: code, added: [], message };
  }
}

/** A feed record for a new address. */
export function newFeed(url: string, keywords: readonly string[], addedBy: string, at: string): Feed {
  return {
    url,
    keywords,
    addedBy,
    addedAt: at,
    etag: null,
    lastModified: null,
    seen: [],
    lastPolledAt: null,
    lastOkAt: null,
    failures: 0,
    lastError: null,
    nextAttemptAt: null,
    added: 0,
  };
}
