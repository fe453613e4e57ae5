/**
 * One log line per request: kind, name (command, event, action), user, latency and
 * outcome. Listeners report their outcome in `context.outcome`. The same wrapper
 * registers the work with {@link InFlight} so shutdown waits for it.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.js";
import { describeSlackError } from "../api-errors.js";
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

/** Where to tell a user something privately: the request's response_url, else its channel and user. */
interface ReplyRoute {
  readonly respond?: (message: {
    response_type: "ephemeral";
    replace_original: false;
    text: string;
  }) => Promise<unknown>;
  readonly client?: WebClient;
  readonly channel: string | null;
  readonly user: string | null;
}

function routeOf(args: AnyMiddlewareArgs & { respond?: unknown; client?: WebClient }): ReplyRoute {
  const b = args.body as LooseBody & { channel_id?: string; channel?: { id?: string }; event?: { channel?: string } };
  return {
    respond: typeof args.respond === "function" ? (args.respond as ReplyRoute["respond"]) : undefined,
    client: args.client,
    channel: b.channel_id ?? b.channel?.id ?? b.event?.channel ?? null,
    user: b.user_id ?? b.user?.id ?? b.event?.user ?? null,
  };
}

/** Tells the user, in words, that their request failed: through response_url, else privately in the channel. */
async function tellUser(route: ReplyRoute, text: string): Promise<boolean> {
  if (route.respond) {
    try {
      await route.respond({ response_type: "ephemeral", replace_original: false, text });
      return true;
    } catch {
      // A response_url that failed or hung: try the channel instead.
    }
  }
  if (route.client && route.channel && route.user) {
    await route.client.chat.postEphemeral({ channel: route.channel, user: route.user, text });
    return true;
  }
  return false;
}

/**
 * The front door's last word: one log line per request, and a reply in words when a
 * listener fails. A handled Slack error is logged as its code, a bug with its stack;
 * nothing a listener throws reaches Bolt's error handler or the process.
 */
export function requestLog(logger: Logger, inFlight: InFlight): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, context, next } = args;
    const started = performance.now();
    // When the request came in, so a listener can keep to Slack's 3 s from then, not from when it ran.
    context.receivedAt = started;
    const request = describeRequest(body as LooseBody);
    const work = (async () => {
      let outcome = "ok";
      try {
        await next();
        outcome = typeof context.outcome === "string" ? context.outcome : "ok";
      } catch (error) {
        const described = describeSlackError(error);
        outcome = `error:${described.code}`;
        const bug = described.code === "internal_error";
        logger.error({ ...request, code: described.code, ...(bug ? { err: error } : {}) }, "request failed");
        // Acknowledged if the listener failed before it could, so Slack does not show a timeout too.
        const ack = (args as { ack?: () => Promise<void> }).ack;
        if (ack) await ack().catch(() => {});
        const told = await tellUser(routeOf(args), described.message).catch((e: unknown) => {
          logger.warn(
            { ...request, code: describeSlackError(e).code },
            "could not tell the user about a failed request",
          );
          return false;
        });
        if (!told) logger.warn({ ...request }, "no way to tell the user about a failed request");
      } finally {
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        logger.info({ ...request, latencyMs, outcome, retry: context.retryNum ?? undefined }, "request");
      }
    })();
    await inFlight.track(work);
  };
}
