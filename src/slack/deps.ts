import type { Clock } from "../clock.js";
import type { ReloadResult } from "../io/corpus-reloader.js";
import type { Store } from "../io/store.js";
import type { DigestContent } from "../jobs/digest-job.js";
import type { KnowledgeHolder } from "../knowledge-holder.js";
import type { Logger } from "../logger.js";
import type { InFlight } from "./in-flight.js";
import type { PostOnceOptions } from "./post-once.js";

/** The digest, as the Slack commands see it. */
export interface DigestControl {
  /** The schedule and next run in words. */
  describe(): string;
  /** Today's date in the digest's time zone. */
  today(): string;
  contentFor(channel: string, date: string): Promise<{ content: DigestContent }>;
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
  /** How replies are posted (rate-limit waits); defaults in post-once.ts. */
  readonly posting?: PostOnceOptions;
}
