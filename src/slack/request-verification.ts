/**
 * Checks a Slack HTTP request before Bolt sees it, against one injected clock: the
 * timestamp must be a whole number of seconds within five minutes of now in either
 * direction, the signature must match, and the body must be a JSON object (directly,
 * or as a form's `payload`).
 *
 * Why not Bolt's own check: Bolt compares with the machine's clock and only refuses
 * stale timestamps, so a test (or a replica) with another clock disagreed with it, and
 * a timestamp of `Infinity` passed as "not stale" and never expired.
 */
import { parse as parseQuery } from "node:querystring";
import { verifySlackRequest } from "@slack/bolt";

/** Slack's own rule: a request more than five minutes from now, either way, is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type RequestCheck =
  | { readonly ok: true; readonly sslCheck: boolean }
  | { readonly ok: false; readonly status: 400 | 401; readonly reason: string };

export interface RequestToCheck {
  readonly signingSecret: string;
  /** Header values as Node gives them: a string, several, or none. */
  readonly timestamp: string | string[] | undefined;
  readonly signature: string | string[] | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
  readonly nowMs: number;
}

const WHOLE_SECONDS = /^\d{1,12}$/;

export function checkSlackRequest(r: RequestToCheck): RequestCheck {
  const form = (r.contentType ?? "").split(";")[0]?.trim() === "application/x-www-form-urlencoded";
  // Slack's SSL check carries no signature and asks for nothing but a 200.
  if (form && parseQuery(r.body).ssl_check === "1") return { ok: true, sslCheck: true };

  if (typeof r.timestamp !== "string" || !WHOLE_SECONDS.test(r.timestamp)) {
    return { ok: false, status: 401, reason: "timestamp is not a whole number of seconds" };
  }
  if (typeof r.signature !== "string") return { ok: false, status: 401, reason: "missing signature" };
  const ts = Number(r.timestamp);
  const nowSec = Math.floor(r.nowMs / 1000);
  if (Math.abs(ts - nowSec) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, status: 401, reason: ts > nowSec ? "timestamp in the future" : "timestamp too old" };
  }
  try {
    verifySlackRequest({
      signingSecret: r.signingSecret,
      body: r.body,
      headers: { "x-slack-signature": r.signature, "x-slack-request-timestamp": ts },
      nowMilliseconds: r.nowMs,
    });
  } catch {
    return { ok: false, status: 401, reason: "signature mismatch" };
  }
  if (!isObjectBody(r.body, form)) return { ok: false, status: 400, reason: "body is not a JSON object" };
  return { ok: true, sslCheck: false };
}

/** Bolt reads every body as an object; anything else (`null`, a list, a number) would throw inside it. */
function isObjectBody(body: string, form: boolean): boolean {
  if (form) {
    const payload = parseQuery(body).payload;
    if (payload === undefined) return true; // a slash command: the form fields are the body
    if (typeof payload !== "string") return false;
    return isJsonObject(payload);
  }
  return isJsonObject(body);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
