/**
 * Chooses a day's digest: a headline, what is new since the channel's last digest,
 * and 5 to 7 takeaways ordered by importance.
 *
 * The selection for a date is deterministic. Over an unchanged corpus it rotates: the
 * takeaways are dealt round-robin across documents into one cycle, and each day takes
 * the next stretch of it, so consecutive days differ and every document appears within
 * a few days. New or changed documents lead, under "New since the last digest".
 */
import type { Takeaway } from "./takeaways.js";

export interface DigestInput {
  /** The local date of the digest, YYYY-MM-DD. */
  readonly date: string;
  readonly takeaways: readonly Takeaway[];
  /** Documents added or changed since the last digest to this channel. */
  readonly newDocumentIds?: readonly string[];
  readonly corpusSize: { readonly documents: number; readonly passages: number };
  /** Takeaways in a digest, new ones included (5 to 7). */
  readonly size?: number;
  /** At most this many lead under "New since the last digest". */
  readonly maxNew?: number;
}

export interface Digest {
  readonly date: string;
  readonly headline: string;
  readonly new: readonly Takeaway[];
  readonly takeaways: readonly Takeaway[];
}

export const DIGEST_SIZE = 6;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a YYYY-MM-DD date; throws on anything else. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a date (YYYY-MM-DD): "${date}"`);
  }
  return Math.floor(ms / DAY_MS);
}

/** "Sunday 22 November 2026", independent of the machine's locale and zone. */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(dayNumber(date) * DAY_MS));
}

/** Takeaways dealt round-robin across documents, each document's best first. */
function cycle(takeaways: readonly Takeaway[]): Takeaway[] {
  const byDoc = new Map<string, Takeaway[]>();
  for (const t of takeaways) byDoc.set(t.source.id, [...(byDoc.get(t.source.id) ?? []), t]);
  const lists = [...byDoc.values()].map((l) => [...l].sort((a, b) => b.importance - a.importance));
  const out: Takeaway[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (l[i]) out.push(l[i] as Takeaway);
  return out;
}

export function selectDigest(input: DigestInput): Digest {
  const day = dayNumber(input.date);
  const size = Math.min(7, Math.max(5, input.size ?? DIGEST_SIZE));
  const newIds = new Set(input.newDocumentIds ?? []);

  const fresh = cycle(input.takeaways.filter((t) => newIds.has(t.source.id))).slice(0, input.maxNew ?? 3);
  const rest = cycle(input.takeaways.filter((t) => !fresh.includes(t)));
  const room = Math.max(0, size - fresh.length);
  let picked: Takeaway[];
  if (rest.length <= room) {
    picked = rest;
  } else {
    const start = (day * room) % rest.length;
    picked = Array.from({ length: room }, (_, i) => rest[(start + i) % rest.length] as Takeaway);
  }
  const byImportance = (a: Takeaway, b: Takeaway) => b.importance - a.importance;
  const { documents, passages } = input.corpusSize;
  return {
    date: input.date,
    headline: `Key takeaways for ${longDate(input.date)} · ${documents} ${documents === 1 ? "document" : "documents"}, ${passages} ${passages === 1 ? "passage" : "passages"}`,
    new: [...fresh].sort(byImportance),
    takeaways: picked.sort(byImportance),
  };
}
