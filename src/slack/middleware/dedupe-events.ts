/**
 * Answers each event once. Slack re-delivers an event it thinks went unacknowledged
 * (X-Slack-Retry-Num), and sends both `app_mention` and `message` for one message;
 * both arrive with the same channel and ts, or the same event_id.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Clock } from "../../clock.js";

export class SeenEvents {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 20_000,
  ) {}

  /** Records the keys; true if any of them was seen within the time to live. */
  checkAndRemember(keys: readonly string[]): boolean {
    const now = this.clock().getTime();
    for (const [k, at] of this.seen) {
      if (now - at < this.ttlMs && this.seen.size <= this.max) break; // oldest first: stop at the first fresh one
      this.seen.delete(k);
    }
    const duplicate = keys.some((k) => {
      const at = this.seen.get(k);
      return at !== undefined && now - at < this.ttlMs;
    });
    for (const k of keys) if (!this.seen.has(k)) this.seen.set(k, now);
    return duplicate;
  }
}

interface EventBody {
  event_id?: string;
  event?: { type?: string; channel?: string; ts?: string; event_ts?: string };
}

export function dedupeEvents(seen: SeenEvents): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const b = body as EventBody;
    if (!b.event) return next();
    const keys: string[] = [];
    if (b.event_id) keys.push(`id:${b.event_id}`);
    if ((b.event.type === "message" || b.event.type === "app_mention") && b.event.channel && b.event.ts) {
      keys.push(`msg:${b.event.channel}:${b.event.ts}`);
    }
    if (keys.length && seen.checkAndRemember(keys)) {
      context.outcome = "duplicate";
      return;
    }
    await next();
  };
}
