/**
 * Whether an article or feed item is on a topic: the test a feed's keywords and an
 * intake's `mustMention` apply. Its own module, so that answering never loads the feed parser.
 */

/** Whether a title or text mentions one of `keywords` (whole words, any case); true without keywords. */
export function mentionsAny(text: string, keywords: readonly string[]): boolean {
  if (keywords.length === 0) return true;
  const lower = text.toLowerCase();
  return keywords.some((k) => {
    const word = k.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?:^|[^\\p{L}\\p{N}])${word}(?:$|[^\\p{L}\\p{N}])`, "u").test(lower);
  });
}
