/**
 * Chooses a day's digest: a headline, what is new since the channel's last digest,
 * and 5 to 7 takeaways ordered by importance.
 *
 * The selection for a date is deterministic. Over an unchanged corpus it rotates: the
 * takeaways are dealt round-robin across documents into one cycle, and each day takes
 * the next stretch of it, so consecutive days differ and every document appears within
 * a few days.
 *
 * Articles new since the channel's last digest lead, one entry each with its best
 * takeaway; articles on the same story from several outlets are one entry, the first
 * published leading and the others "also reported by". Same story means sharing a good
 * part of their text (quotes, wire paragraphs) or most of their headline's words.
 */
import { resemblance, SAME_STORY } from "../corpus/same-article.js";
import type { DocumentMeta, Syndication } from "../types.js";
import type { Takeaway } from "./takeaways.js";

/** A document new since the last digest, with what story grouping compares. */
export interface NewDocument {
  readonly meta: DocumentMeta;
  /** Its text sketch (corpus/same-article.ts). */
  readonly sketch: Uint32Array;
  /** Its headline's content words, lower case. */
  readonly titleWords: readonly string[];
}

/** One story in "New since the last digest". */
export interface NewArticle {
  readonly document: DocumentMeta;
  /** Its best takeaway, if it has one. */
  readonly takeaway: Takeaway | null;
  /** The same story elsewhere: other new articles' outlets, and syndicated copies. */
  readonly alsoReportedBy: readonly Syndication[];
}

export interface DigestInput {
  /** The local date of the digest, YYYY-MM-DD. */
  readonly date: string;
  readonly takeaways: readonly Takeaway[];
  /** Documents added or changed since the last digest to this channel. */
  readonly newDocuments?: readonly NewDocument[];
  readonly corpusSize: { readonly documents: number; readonly passages: number };
  /** Takeaways in a digest, new ones included (5 to 7). */
  readonly size?: number;
  /** At most this many stories lead under "New since the last digest". */
  readonly maxNew?: number;
}

export interface Digest {
  readonly date: string;
  readonly headline: string;
  readonly new: readonly NewArticle[];
  /** New stories beyond `maxNew`, not shown. */
  readonly moreNew: number;
  readonly takeaways: readonly Takeaway[];
}

/** Two new documents are one story: much text in common, or most of the headline's words. */
function sameStory(a: NewDocument, b: NewDocument): boolean {
  if (resemblance(a.sketch, b.sketch) >= SAME_STORY) return true;
  const shared = a.titleWords.filter((w) => b.titleWords.includes(w)).length;
  return shared >= 3 && shared / Math.min(a.titleWords.length, b.titleWords.length) >= 0.6;
}

/** New documents grouped into stories, each led by its earliest-dated article. */
export function storiesOf(docs: readonly NewDocument[]): NewDocument[][] {
  const parent = docs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] as number;
    return i;
  };
  for (let i = 0; i < docs.length; i++)
    for (let j = i + 1; j < docs.length; j++)
      if (sameStory(docs[i] as NewDocument, docs[j] as NewDocument)) parent[find(j)] = find(i);
  const groups = new Map<number, NewDocument[]>();
  docs.forEach((d, i) => {
    groups.set(find(i), [...(groups.get(find(i)) ?? []), d]);
  });
  // Undated articles after dated ones.
  const dateOf = (d: NewDocument) => d.meta.date ?? "9999";
  const byDate = (a: NewDocument, b: NewDocument) => (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : 0);
  return [...groups.values()].map((g) => [...g].sort(byDate));
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
  const newIds = new Set((input.newDocuments ?? []).map((d) => d.meta.id));
  const best = new Map<string, Takeaway>();
  for (const t of input.takeaways) {
    const held = best.get(t.source.id);
    if (!held || t.importance > held.importance) best.set(t.source.id, t);
  }
  // Most recent stories first: the lead's date, then the order the documents came in.
  const stories = storiesOf(input.newDocuments ?? []).sort((a, b) => {
    const da = a[0]?.meta.date ?? "";
    const db = b[0]?.meta.date ?? "";
    return da === db ? 0 : da < db ? 1 : -1;
  });
  const shown = stories.slice(0, input.maxNew ?? 5);
  const fresh: NewArticle[] = shown.map((group) => {
    const [lead, ...others] = group as [NewDocument, ...NewDocument[]];
    const also: Syndication[] = [
      ...others.map((o) => ({ outlet: o.meta.outlet ?? o.meta.title, url: o.meta.url ?? "" })),
      ...group.flatMap((d) => d.meta.alsoReportedBy),
    ];
    const seen = new Set<string>();
    return {
      document: lead.meta,
      takeaway: best.get(lead.meta.id) ?? null,
      alsoReportedBy: also.filter((a) => {
        const key = `${a.outlet}|${a.url}`;
        if (seen.has(key) || (a.outlet && a.outlet === lead.meta.outlet && a.url === lead.meta.url)) return false;
        seen.add(key);
        return true;
      }),
    };
  });
  // What leads as new is not repeated below; the rest of the new documents' takeaways wait for another day.
  const rest = cycle(input.takeaways.filter((t) => !newIds.has(t.source.id)));
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
    new: fresh,
    moreNew: stories.length - shown.length,
    takeaways: picked.sort(byImportance),
  };
}
