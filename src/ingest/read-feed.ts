/**
 * A feed's items, whatever its format: RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed, parsed
 * by feedsmith (a maintained parser built on fast-xml-parser, which resolves no external
 * entities). Only what nkru needs is kept: a stable key, the link, the title, the summary
 * and the date.
 */
import { parseFeed } from "feedsmith";
import { isoDateOfTimestamp } from "../core/corpus/dates.js";
import { isLinkable } from "../core/corpus/front-matter.js";
import { failed, ok, type Result } from "../result.js";

export interface FeedItem {
  /** The guid or id, else the link: what tells one item from another across polls. */
  readonly key: string;
  readonly link: string | null;
  readonly title: string;
  /** Summary or content as plain text (markup stripped). */
  readonly text: string;
  /** YYYY-MM-DD. */
  readonly date: string | null;
}

export interface ParsedFeed {
  readonly title: string | null;
  /** Newest first. */
  readonly items: readonly FeedItem[];
}

type Loose = Record<string, unknown>;

/** Text from a string or a text construct ({ value }). */
function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && typeof (v as Loose).value === "string") return (v as Loose).value as string;
  return "";
}

function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function linkOf(item: Loose, base: string): string | null {
  const links = item.links as Loose[] | undefined;
  const candidates = [
    str(item.link),
    str(item.url),
    ...(links ?? []).filter((l) => !l.rel || l.rel === "alternate").map((l) => str(l.href)),
    str((item.guid as Loose | undefined)?.isPermaLink === false ? "" : (item.guid as Loose | undefined)?.value),
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      const u = new URL(c.trim(), base).toString();
      if (isLinkable(u)) return u;
    } catch {
      // not an address
    }
  }
  return null;
}

export function readFeed(xml: string, feedUrl: string): Result<ParsedFeed> {
  let parsed: { format: string; feed: Loose };
  try {
    parsed = parseFeed(xml) as unknown as { format: string; feed: Loose };
  } catch (error) {
    return failed("bad_feed", `it is not an RSS, Atom or JSON feed (${(error as Error).message})`);
  }
  const feed = parsed.feed;
  const raw = ((feed.items ?? feed.entries ?? []) as Loose[]).filter((i) => i && typeof i === "object");
  const items: FeedItem[] = [];
  for (const item of raw) {
    const link = linkOf(item, feedUrl);
    const key = str((item.guid as Loose | undefined)?.value) || str(item.guid) || str(item.id) || link;
    if (!key) continue;
    const content = item.content as Loose | undefined;
    const text = plain(
      [
        str(item.description),
        str(item.summary),
        str(content?.encoded),
        str(content),
        str(item.content_text),
        str(item.content_html),
      ].join(" "),
    );
    const date =
      isoDateOfTimestamp(str(item.pubDate)) ??
      isoDateOfTimestamp(str(item.published)) ??
      isoDateOfTimestamp(str(item.updated)) ??
      isoDateOfTimestamp(str(item.date_published)) ??
      isoDateOfTimestamp(str((item.dc as Loose | undefined)?.date)) ??
      null;
    items.push({ key, link, title: plain(str(item.title)), text, date });
  }
  // Newest first where the feed dates its items; otherwise in the feed's own order, which is newest first by custom.
  const order = items.map((item, i) => ({ item, i }));
  order.sort((a, b) =>
    a.item.date && b.item.date && a.item.date !== b.item.date ? (a.item.date < b.item.date ? 1 : -1) : a.i - b.i,
  );
  return ok({ title: plain(str(feed.title)) || null, items: order.map((o) => o.item) });
}
