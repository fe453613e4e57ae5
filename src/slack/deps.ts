import type { Clock } from "../clock.js";
import type { Store } from "../io/store.js";
import type { KnowledgeHolder } from "../knowledge-holder.js";
import type { Logger } from "../logger.js";
import type { InFlight } from "./in-flight.js";

/** What the Slack listeners need from the rest of the app. */
export interface SlackDeps {
  readonly knowledge: KnowledgeHolder;
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly inFlight: InFlight;
  /** The daily digest schedule in words, for help, status and App Home. */
  readonly digestSchedule: () => string;
}
