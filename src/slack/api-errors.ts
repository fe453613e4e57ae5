/**
 * Turns a Slack Web API failure into words for the user and a short code for the log.
 */
import { MSG } from "./messages.js";

export interface DescribedError {
  /** Slack's error code or our classification, for the log. */
  readonly code: string;
  /** What to tell the user. */
  readonly message: string;
}

/** Slack's error codes that have something more useful to say than "try again". */
const PLATFORM_ERRORS: Readonly<Record<string, string>> = {
  not_in_channel: MSG.notInChannel,
  channel_not_found: MSG.channelNotFound,
  is_archived: MSG.archived,
  thread_not_found: MSG.threadGone,
  message_not_found: MSG.threadGone,
  missing_scope: MSG.missingScope,
  ratelimited: MSG.rateLimited,
  rate_limited: MSG.rateLimited,
};

export function describeSlackError(error: unknown): DescribedError {
  const e = error as { code?: string; name?: string; data?: { error?: string }; message?: string } | null;
  // An outgoing request that outlived its timeout (AbortSignal.timeout), or a response_url Slack refused.
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return { code: "timeout", message: MSG.slackUnreachable };
  if (e?.code === "slack_bolt_respond_error") return { code: "respond_failed", message: MSG.slackUnreachable };
  switch (e?.code) {
    case "slack_webapi_platform_error": {
      const code = e.data?.error ?? "unknown_error";
      return { code, message: PLATFORM_ERRORS[code] ?? MSG.genericFailure };
    }
    case "slack_webapi_rate_limited_error":
      return { code: "rate_limited", message: MSG.rateLimited };
    case "slack_webapi_request_error":
      // The client reports a rate limit it gave up waiting on as a request error.
      return /rate limit/i.test(e.message ?? "")
        ? { code: "rate_limited", message: MSG.rateLimited }
        : { code: "request_error", message: MSG.slackUnreachable };
    case "slack_webapi_http_error":
      return { code: "http_error", message: MSG.slackUnreachable };
    default:
      return { code: "internal_error", message: MSG.genericFailure };
  }
}
