/**
 * An added article as the Markdown file nkru keeps it in: YAML front matter (id, title,
 * authors, outlet, date, url, language, who added it and when, the feed) and the text,
 * headings as `##` and list items as `-`. The core parses it like any corpus file, and
 * a person can read, correct or back it up with nothing but a text editor.
 */
import { createHash } from "node:crypto";
import { parseDocument as parseYamlDocument, stringify } from "yaml";
import type { Provenance, Syndication } from "../core/types.js";
import type { ExtractedArticle } from "./extracted-article.js";

/** A line of text that Markdown or the parser would read as structure is kept as text. */
function asText(line: string): string {
  return line.replace(/^(\s*)(#{1,6}\s|[-*+•]\s|\d{1,3}[.)]\s|---\s*$)/, "$1\\$2");
}

export function articleMarkdown(
  article: ExtractedArticle,
  id: string,
  added: Provenance,
  alsoReportedBy: readonly Syndication[] = [],
): string {
  const front: Record<string, unknown> = { id, title: article.title };
  if (article.authors.length) front.authors = [...article.authors];
  if (article.outlet) front.outlet = article.outlet;
  if (article.date) front.date = article.date;
  if (article.url) front.url = article.url;
  if (article.language) front.language = article.language;
  front.added_by = added.by;
  front.added_at = added.at;
  if (added.feed) front.feed = added.feed;
  if (alsoReportedBy.length) front.also_reported_by = alsoReportedBy.map((a) => ({ outlet: a.outlet, url: a.url }));
  const body = article.blocks
    .map((b) => (b.kind === "heading" ? `## ${b.text}` : b.kind === "item" ? `- ${b.text}` : asText(b.text)))
    .join("\n\n");
  // Dates stay strings: YAML would otherwise turn 2025-01-05 into a timestamp and back.
  return `---\n${stringify(front, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN", lineWidth: 0 })}---\n\n${body}\n`;
}

/** An id for a new article from its title, unique among `taken`. */
export function articleId(title: string, taken: (id: string) => boolean): string {
  const slug = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  // At most 56 characters, cut between words, leaving room for "-2".
  // A title in another script has no Latin slug: a short hash of it tells articles apart.
  const base =
    (slug.length <= 56 ? slug : slug.slice(0, 57).replace(/-[^-]*$/, "")) ||
    `article-${createHash("sha1").update(title).digest("hex").slice(0, 8)}`;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * The file's text with `also_reported_by` set to `list`, the rest byte for byte as it
 * was (an analyst's edits to the text or the other fields stay); null when the file has
 * no front matter to set it in.
 */
export function withAlsoReportedBy(fileText: string, list: readonly Syndication[]): string | null {
  const m = /^---[ \t]*\n([\s\S]*?\n)---[ \t]*\n/.exec(fileText);
  if (!m) return null;
  const yaml = parseYamlDocument(m[1] as string);
  if (yaml.errors.length) return null;
  yaml.set(
    "also_reported_by",
    list.map((a) => ({ outlet: a.outlet, url: a.url })),
  );
  return `---\n${yaml.toString({ lineWidth: 0 })}---\n${fileText.slice(m[0].length)}`;
}
