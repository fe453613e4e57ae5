/**
 * Text safety at the border with Slack.
 *
 * Outgoing: any text from users or the corpus is escaped (&, <, >) so it can never
 * become a live mention, a channel ping or a disguised link, and the bare words
 * @channel/@here/@everyone get an invisible joiner so no client treats them as pings.
 * Incoming markup is turned into plain words by markup/thread-messages.ts.
 */

const WORD_JOINER = "\u2060";

/** Escapes text for mrkdwn and plain_text fields. */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(channel|here|everyone)\b/gi, `@${WORD_JOINER}$1`);
}

/** Escaped text with the given words in bold (whole words only, longest first, each the first time it appears). */
export function boldWords(text: string, words: readonly string[]): string {
  const escaped = escapeText(text);
  const targets = [...new Set(words.map((w) => escapeText(w)).filter((w) => w.trim().length > 1))].sort(
    (a, b) => b.length - a.length,
  );
  if (targets.length === 0) return escaped;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}*])(?:${targets.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![\\p{L}\\p{N}*])`,
    "gu",
  );
  const done = new Set<string>();
  return escaped.replace(pattern, (m) => {
    if (done.has(m.toLowerCase())) return m;
    done.add(m.toLowerCase());
    return `*${m}*`;
  });
}

/** A quote block in mrkdwn: every line prefixed with "> ". */
export function quote(mrkdwn: string): string {
  return mrkdwn
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}

/** Shortens text to at most `max` characters, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
