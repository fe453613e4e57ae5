/**
 * Web API calls made safely, since the client retries nothing itself (app.ts):
 * - chat.postMessage exactly once: a post whose response timed out or failed on
 *   Slack's side may have been posted, so before posting again this looks for it (each
 *   post carries metadata with its own key);
 * - a 429 makes only the call it hit wait for Retry-After, never the client's other
 *   calls, so another channel's reply goes ahead at once.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChatPostMessageArguments, WebClient } from "@slack/web-api";

/** Message metadata that marks nkru's posts, naming what each one answers. */
export const POST_EVENT = "nkru_post";

export interface PostOnceOptions {
  /** Longest wait for a rate limit's Retry-After (default 30 s); a longer one fails as rate limited. */
  readonly maxRateLimitWaitMs?: number;
  /** Posts tried, at most (default 3). */
  readonly attempts?: number;
  /** Waits; tests pass their own. */
  readonly sleep?: (ms: number) => Promise<unknown>;
}

type PostArgs = ChatPostMessageArguments & { channel: string; thread_ts?: string };

interface SlackishError {
  code?: string;
  retryAfter?: number;
  name?: string;
  statusCode?: number;
}

/**
 * Runs a Web API call, waiting out a rate limit on it (up to `maxRateLimitWaitMs`) and
 * trying again. Safe for any call: a 429 means Slack did not act on it.
 */
export async function withRateLimit<T>(call: () => Promise<T>, options: PostOnceOptions = {}): Promise<T> {
  const wait = options.sleep ?? sleep;
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const e = error as SlackishError;
      const ms = (e.retryAfter ?? 1) * 1000;
      if (
        e.code !== "slack_webapi_rate_limited_error" ||
        attempt >= attempts ||
        ms > (options.maxRateLimitWaitMs ?? 30_000)
      ) {
        throw error;
      }
      await wait(ms);
    }
  }
}

/** True when Slack may have posted despite the error: the request timed out, the connection failed, or Slack erred. */
function maybePosted(e: SlackishError): boolean {
  return (
    e.name === "TimeoutError" ||
    e.name === "AbortError" ||
    e.code === "slack_webapi_request_error" ||
    e.code === "slack_webapi_http_error"
  );
}

/** Posts the message once; resolves with its ts, or rejects with the last error when it cannot be posted. */
export async function postMessageOnce(
  client: WebClient,
  args: PostArgs,
  options: PostOnceOptions = {},
): Promise<string> {
  const metadata = args.metadata ?? { event_type: POST_EVENT, event_payload: { key: randomUUID() } };
  const payload = { ...args, metadata } as ChatPostMessageArguments;
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await withRateLimit(() => client.chat.postMessage(payload), options);
      return res.ts as string;
    } catch (error) {
      if (!maybePosted(error as SlackishError) || attempt >= attempts) throw error;
      const found = await findPost(client, args.channel, args.thread_ts, metadata).catch(() => null);
      if (found) return found;
    }
  }
}

/** The ts of a recent post of ours carrying this metadata, in the thread or the channel, or null. */
async function findPost(
  client: WebClient,
  channel: string,
  threadTs: string | undefined,
  metadata: NonNullable<ChatPostMessageArguments["metadata"]>,
): Promise<string | null> {
  const want = JSON.stringify(metadata.event_payload);
  const res = threadTs
    ? await client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200 })
    : await client.conversations.history({ channel, include_all_metadata: true, limit: 50 });
  const messages = (res.messages ?? []) as {
    ts?: string;
    metadata?: { event_type?: string; event_payload?: unknown };
  }[];
  const mine = messages.find(
    (m) => m.metadata?.event_type === metadata.event_type && JSON.stringify(m.metadata?.event_payload) === want,
  );
  return mine?.ts ?? null;
}
