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

export function describeSlackError(error: unknown): DescribedError {
  const e = error as { code?: string; data?: { error?: string }; message?: string } | null;
  const code = e?.code;
  if (code === "slack_webapi_platform_error") {
    const slackCode = e?.data?.error ?? "unknown_error";
    const message =
      slackCode === "not_in_channel"
        ? MSG.notInChannel
        : slackCode === "channel_not_found"
          ? MSG.channelNotFound
          : slackCode === "is_archived"
            ? MSG.archived
            : slackCode === "ratelimited" || slackCode === "rate_limited"
              ? MSG.rateLimited
              : MSG.genericFailure;
    return { code: slackCode, message };
  }
  if (code === "slack_webapi_rate_limited_error") return { code: "rate_limited", message: MSG.rateLimited };
  if (code === "slack_webapi_request_error" && /rate limit/i.test(e?.message ?? "")) {
    return { code: "rate_limited", message: MSG.rateLimited };
  }
  if (code === "slack_webapi_request_error" || code === "slack_webapi_http_error") {
    return { code: code === "slack_webapi_http_error" ? "http_error" : "request_error", message: MSG.slackUnreachable };
  }
  return { code: "internal_error", message: MSG.genericFailure };
}
