import type { Clock } from "../clock.js";
import type { ArticleIntake } from "../ingest/article-intake.js";
import type { ReloadResult } from "../io/corpus-reloader.js";
import type { DigestContent } from "../jobs/digest-job.js";
import type { FeedPoller } from "../jobs/feed-poller.js";
import type { KnowledgeHolder } from "../knowledge-holder.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/store.js";
import type { InFlight } from "./in-flight.js";
import type { PostOnceOptions } from "./post-once.js";

/** The digest, as the Slack commands see it. */
export interface DigestControl {
  /** The schedule and next run in words. */
  describe(): string;
  /** Today's date in the digest's time zone. */
  today(): string;
  /** The date of the next digest in the digest's time zone. */
  nextDate(): string;
  contentFor(channel: string, date: string): Promise<{ content: DigestContent }>;
}

/** Articles and feeds, as the Slack commands see them. */
export interface IngestControl {
  readonly intake: ArticleIntake;
  /** Who may add articles (ADD_ARTICLES). */
  readonly addArticles: "everyone" | "admins";
  /** Polls a feed now (a new feed's first items); null when feeds are off. */
  readonly feeds: FeedPoller | null;
}

/** What the Slack listeners need from the rest of the app. */
export interface SlackDeps {
  readonly knowledge: KnowledgeHolder;
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly inFlight: InFlight;
  /** The daily digest schedule in words, for help, status and App Home. */
  readonly digestSchedule: () => string;
  /** The digest; null when it is not set up. */
  readonly digest?: DigestControl | null;
  /** Re-reads the corpus; null when not available. */
  readonly reindex?: (() => Promise<ReloadResult>) | null;
  /** Users allowed to run `/nkru reindex`. */
  readonly adminUserIds?: readonly string[];
  /** Adding articles and feeds; null when this deployment has no articles folder. */
  readonly ingest?: IngestControl | null;
  /** SLACK_API_URL's host: files shared in Slack may be served from there by a local stand-in. */
  readonly slackApiHost?: string | null;
  /** How long a slash command's reply may take before the acknowledgement goes without it (default 2 s). */
  readonly ackBudgetMs?: number;
  /** How replies are posted (rate-limit waits); defaults in post-once.ts. */
  readonly posting?: PostOnceOptions;
}
