/**
 * The Block Kit pieces every message is made of, in one place: a section, a context
 * line, a message of words, and the citation of a passage. Text handed to these is
 * mrkdwn already escaped by the caller (mrkdwn.ts); the citation escapes its own parts.
 */
import type { Citation } from "../../core/types.js";
import { escapeText } from "../mrkdwn.js";
import type { Block, Message } from "./limits.js";

export const section = (text: string): Block => ({ type: "section", text: { type: "mrkdwn", text } });

export const context = (text: string): Block => ({ type: "context", elements: [{ type: "mrkdwn", text }] });

/** A message that is one paragraph of words (what nkru says when it is not answering). */
export const words = (text: string): Message => ({ text, blocks: [section(text)] });

/** "_Title_ · author · section · passage N": where an excerpt or takeaway comes from. */
export function citationText(source: Citation): string {
  const parts = [`_${escapeText(source.title)}_`];
  if (source.author) parts.push(escapeText(source.author));
  if (source.section) parts.push(escapeText(source.section));
  parts.push(`passage ${source.passage}`);
  return parts.join(" · ");
}
