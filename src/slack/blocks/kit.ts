/**
 * The Block Kit pieces every message is made of, in one place: a section, a context
 * line, a message of words, and the citation of a passage. Text handed to these is
 * mrkdwn already escaped by the caller (mrkdwn.ts); the citation escapes its own parts.
 */
import { shortDate } from "../../core/corpus/dates.js";
import { isLinkable } from "../../core/corpus/front-matter.js";
import type { Citation, Provenance } from "../../core/types.js";
import { escapeText } from "../mrkdwn.js";
import type { Block, Message } from "./limits.js";

export const section = (text: string): Block => ({ type: "section", text: { type: "mrkdwn", text } });

export const context = (text: string): Block => ({ type: "context", elements: [{ type: "mrkdwn", text }] });

/** A message that is one paragraph of words (what nkru says when it is not answering). */
export const words = (text: string): Message => ({ text, blocks: [section(text)] });

/**
 * A title linked to its article: `<url|Title>` when the article has an address Slack
 * can link safely (http(s), none of the characters that end a link), else the title.
 */
export function titleLink(title: string, url: string | null): string {
  const label = escapeText(title).replace(/\|/g, "¦");
  return url && isLinkable(url) ? `<${url}|${label}>` : label;
}

/**
 * "_Title_ · author · Outlet · 5 Jan 2025 · section": where an excerpt or takeaway comes
 * from, the title linked to the article. The passage number is for the JSON output, not
 * for a reader.
 */
export function citationText(source: Citation): string {
  const parts = [`_${titleLink(source.title, source.url)}_`];
  if (source.author) parts.push(escapeText(source.author));
  if (source.outlet) parts.push(escapeText(source.outlet));
  if (source.date) parts.push(shortDate(source.date));
  if (source.section) parts.push(escapeText(source.section));
  return parts.join(" · ");
}

/** "added by <@U1> on 5 Jan 2025", "added from a feed on …": who added an article and when. */
export function addedText(added: Provenance): string {
  const by = added.by === "feed" ? "from a feed" : added.by === "cli" ? "from the command line" : `by <@${added.by}>`;
  return `added ${by}${added.at ? ` on ${shortDate(added.at.slice(0, 10))}` : ""}`;
}
