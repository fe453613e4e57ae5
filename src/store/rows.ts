/** Rows as the two stores read them, turned into the Store's records: one mapping for both. */
import type { DigestPost, FeedbackReasonKind, FeedbackRecord } from "./store.js";

export interface FeedbackRow {
  user_id: string;
  answer: string;
  at: string;
  vote: "up" | "down";
  question: string;
  cited: string;
  channel: string | null;
  reason: string | null;
  reason_text: string | null;
}

export function feedbackOf(r: FeedbackRow): FeedbackRecord {
  return {
    at: r.at,
    user: r.user_id,
    answer: r.answer,
    vote: r.vote,
    question: r.question,
    cited: JSON.parse(r.cited) as string[],
    channel: r.channel,
    reason:
      r.reason || r.reason_text ? { kind: (r.reason as FeedbackReasonKind | null) ?? null, text: r.reason_text } : null,
  };
}

export interface PostRow {
  channel: string;
  slot: string;
  state: "pending" | "posted";
  at: string;
  ts: string | null;
  documents: string;
  owner: string | null;
}

export function postOf(r: PostRow): DigestPost {
  return {
    channel: r.channel,
    slot: r.slot,
    state: r.state,
    at: r.at,
    ts: r.ts,
    documents: JSON.parse(r.documents) as Record<string, string>,
    owner: r.owner,
  };
}

/** Whether a claim found in the table may be taken by `owner` at `now`. */
export function claimable(
  existing: DigestPost,
  owner: string | null | undefined,
  now: string,
  leaseMs: number,
): boolean {
  if (existing.state === "posted") return false;
  if (owner && existing.owner === owner) return true;
  return Date.parse(now) - Date.parse(existing.at) >= leaseMs;
}
