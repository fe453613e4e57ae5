/**
 * Articles that arrive as text: a .md or .txt file shared in Slack or named on the
 * command line, and the text of a PDF. The core's parser reads them exactly as it reads
 * a file in the corpus folder (headline, byline, dateline, headings, lists), so a text
 * means the same whichever way it came in.
 */
import { parseDocument } from "../core/corpus/parse-document.js";
import { failed, ok, type Result } from "../result.js";
import { type ExtractedArticle, MIN_ARTICLE_CHARS, type TextBlock, textLength } from "./extracted-article.js";

/** What the container knows better than the text (a PDF's Title and Author fields). */
export interface KnownMeta {
  readonly title?: string | null;
  readonly authors?: readonly string[];
  readonly date?: string | null;
  readonly url?: string | null;
}

export function extractText(text: string, name: string, known: KnownMeta = {}): Result<ExtractedArticle> {
  const parsed = parseDocument(name, text.replace(/\r\n?/g, "\n"));
  if (!parsed.ok) return failed("unreadable", parsed.reason);
  const { meta, passages } = parsed.document;
  const blocks: TextBlock[] = [];
  let section: string | null = null;
  for (const p of passages) {
    if (p.kind === "meta") continue;
    if (p.section !== section && p.section) blocks.push({ kind: "heading", text: p.section });
    section = p.section;
    blocks.push({ kind: p.kind === "item" || p.kind === "takeaway" ? "item" : "paragraph", text: p.text });
  }
  if (textLength(blocks) < MIN_ARTICLE_CHARS) return failed("not_article", "it has too little text to be an article");
  return ok({
    title: known.title?.trim() || meta.title,
    authors: known.authors?.length ? known.authors : meta.authors,
    outlet: meta.outlet,
    date: known.date ?? meta.date,
    url: known.url ?? meta.url,
    language: null,
    blocks,
  });
}
