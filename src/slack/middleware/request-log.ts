/**
 * One log line per request: kind, name (command, event, action), user, latency and
 * outcome. Listeners report their outcome in `context.outcome`. The same wrapper
 * registers the work with {@link InFlight} so shutdown waits for it.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import type { InFlight } from "../in-flight.js";

interface LooseBody {
  type?: string;
  command?: string;
  user_id?: string;
  callback_id?: string;
  event?: { type?: string; user?: string; channel_type?: string };
  actions?: { action_id?: string }[];
  user?: { id?: string };
  view?: { callback_id?: string };
}

export function describeRequest(body: LooseBody): { kind: string; name: string; user: string | null } {
  if (body.command) return { kind: "command", name: body.command, user: body.user_id ?? null };
  if (body.type === "event_callback" || body.event) {
    const type = body.event?.type ?? "unknown";
    return {
      kind: "event",
      name: body.event?.channel_type ? `${type}.${body.event.channel_type}` : type,
      user: body.event?.user ?? null,
    };
  }
  if (body.type === "block_actions")
    return { kind: "action", name: body.actions?.[0]?.action_id ?? "unknown", user: body.user?.id ?? null };
  if (body.type === "message_action" || body.type === "shortcut") {
    return { kind: "shortcut", name: body.callback_id ?? "unknown", user: body.user?.id ?? null };
  }
  return { kind: body.type ?? "unknown", name: body.view?.callback_id ?? "unknown", user: body.user?.id ?? null };
}

export function requestLog(logger: Logger, inFlight: InFlight): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const started = performance.now();
    const request = describeRequest(body as LooseBody);
    const work = (async () => {
      let outcome = "ok";
      try {
        await next();
        outcome = typeof context.outcome === "string" ? context.outcome : "ok";
      } catch (error) {
        outcome = "error";
        logger.error({ ...request, err: error }, "request failed");
        throw error;
      } finally {
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        logger.info({ ...request, latencyMs, outcome, retry: context.retryNum ?? undefined }, "request");
      }
    })();
    await inFlight.track(work);
  };
}
