/**
 * Acts on each request once. Slack re-delivers an event it thinks went unacknowledged
 * (X-Slack-Retry-Num), and sends both `app_mention` and `message` for one message
 * (same channel and ts, or the same event_id); a slash command or a click replayed
 * within the signature window carries the same trigger id.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import { LRUCache } from "lru-cache";
import type { Clock } from "../../clock.js";

/** The store's request claims (Store.claimRequest), as this middleware uses them. */
export interface SharedRequests {
  /** True when this replica is the first to take the request. */
  claim(key: string): Promise<boolean>;
}

export class SeenEvents {
  private readonly seen: LRUCache<string, true>;

  constructor(clock: Clock, ttlMs = 15 * 60_000, max = 20_000) {
    // Time to live by the injected clock, so tests move it instead of waiting.
    this.seen = new LRUCache({ max, ttl: ttlMs, perf: { now: () => clock().getTime() } });
  }

  /** Records the keys; true if any of them was seen within the time to live. */
  checkAndRemember(keys: readonly string[]): boolean {
    const duplicate = keys.some((k) => this.seen.has(k));
    for (const k of keys) if (!this.seen.has(k)) this.seen.set(k, true);
    return duplicate;
  }
}

interface RequestBody {
  event_id?: string;
  event?: { type?: string; channel?: string; ts?: string; event_ts?: string };
  command?: string;
  type?: string;
  trigger_id?: string;
  actions?: { action_ts?: string }[];
}

/**
 * The keys that identify a request across deliveries: an event by its id (and a
 * message by channel and ts), a slash command, shortcut or button click by the trigger
 * id Slack gives each one. A request replayed within the signature window carries the
 * same ids, so it acts once.
 */
export function requestKeys(b: RequestBody): string[] {
  const keys: string[] = [];
  if (b.event) {
    if (b.event_id) keys.push(`id:${b.event_id}`);
    if ((b.event.type === "message" || b.event.type === "app_mention") && b.event.channel && b.event.ts) {
      keys.push(`msg:${b.event.channel}:${b.event.ts}`);
    }
  } else if (b.trigger_id) {
    const kind = b.command ? "command" : (b.type ?? "request");
    keys.push(`${kind}:${b.trigger_id}:${b.actions?.[0]?.action_ts ?? ""}`);
  }
  return keys;
}

/**
 * Acts on a request once: this replica's memory first (no round trip for the common
 * retry), then the shared store, where the replica whose claim lands takes it. The
 * store being unreachable must not silence the bot: the request is then handled.
 */
/** A shared claim that takes longer than this is given up on: the request is handled rather than left unacknowledged. */
const CLAIM_BUDGET_MS = 1000;

/** True when this replica took the key, or the store did not say in time (or failed): handling twice beats silence. */
async function claimWithin(shared: SharedRequests, key: string, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    return await Promise.race([shared.claim(key).catch(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function dedupeEvents(seen: SeenEvents, shared?: SharedRequests): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, context, next } = args;
    const keys = requestKeys(body as RequestBody);
    let duplicate = keys.length > 0 && seen.checkAndRemember(keys);
    // One key after another, in the same order on every replica: claimed all at once, two
    // replicas could each win one key and lose the other, and nobody would answer.
    for (const key of duplicate ? [] : keys) {
      if (shared && !(await claimWithin(shared, key, CLAIM_BUDGET_MS))) {
        duplicate = true;
        break;
      }
    }
    if (duplicate) {
      context.outcome = "duplicate";
      // Acknowledged, so Slack stops re-sending; the first delivery already acted and replied.
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    await next();
  };
}
