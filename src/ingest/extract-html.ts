/**
 * The article in a web page: its text by Mozilla's Readability (the engine of Firefox's
 * reader view) on a linkedom DOM, and its metadata from what the page declares for
 * machines: JSON-LD (schema.org NewsArticle), Open Graph and article:* tags, <meta>
 * names, <link rel=canonical>, <time datetime> and <html lang>. linkedom never runs a
 * script, so a page's JavaScript is text to it.
 *
 * Pages that are not articles are told apart in words: a video, a home page or section
 * front (mostly links), a login or paywall page (little text that asks to sign in or
 * subscribe).
 */
import { isProbablyReaderable, Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { isoDateOfTimestamp } from "../core/corpus/dates.js";
import { isLinkable, splitAuthors } from "../core/corpus/front-matter.js";
import { splitByline } from "../core/corpus/parse-document.js";
import { failed, ok, type Result } from "../result.js";
import { type ExtractedArticle, MIN_ARTICLE_CHARS, type TextBlock, textLength } from "./extracted-article.js";

type Doc = ReturnType<typeof parseHTML>["document"];
type El = ReturnType<Doc["querySelector"]> & {};

const ARTICLE_TYPES =
  /^(?:newsarticle|article|reportage(?:newsarticle)?|analysisnewsarticle|opinionnewsarticle|backgroundnewsarticle|blogposting|scholarlyarticle|report|techarticle)$/i;
const WALL =
  /\b(?:sign in|log in|login|subscribe|subscription|subscribers? only|create (?:an|a free) account|register to (?:continue|read)|already a (?:subscriber|member)|paywall|to continue reading)\b/i;
/** Page furniture that Readability may keep: consent banners and newsletter boxes. */
const FURNITURE_SELECTOR =
  "script, style, noscript, template, iframe, form, nav, aside, footer, [class*=cookie], [id*=cookie], [class*=consent], [id*=consent], [class*=newsletter], [class*=paywall], [aria-hidden=true]";

function meta(doc: Doc, ...names: string[]): string | null {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const content = el?.getAttribute("content")?.trim();
    if (content) return content;
  }
  return null;
}

function metaAll(doc: Doc, name: string): string[] {
  return [...doc.querySelectorAll(`meta[property="${name}"], meta[name="${name}"]`)]
    .map((el) => (el as El).getAttribute("content")?.trim() ?? "")
    .filter(Boolean);
}

/** Every JSON-LD object on the page, @graph members included; broken blocks are passed over. */
function jsonLd(doc: Doc): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      out.push(o);
      if (o["@graph"]) visit(o["@graph"]);
    }
  };
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse((s as El).textContent ?? ""));
    } catch {
      // a page's broken JSON-LD is its problem, not a reason to refuse the article
    }
  }
  return out;
}

const typesOf = (o: Record<string, unknown>) => [o["@type"]].flat().map(String);

function names(value: unknown): string[] {
  if (!value) return [];
  if (typeof value === "string") return splitAuthors(value);
  if (Array.isArray(value)) return value.flatMap(names);
  if (typeof value === "object") {
    const name = (value as Record<string, unknown>).name;
    return typeof name === "string" ? [name.trim()] : [];
  }
  return [];
}

function clean(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Readability's HTML as blocks of text in reading order. */
function blocksOf(html: string): TextBlock[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks: TextBlock[] = [];
  const seen = new Set<string>();
  const push = (kind: TextBlock["kind"], text: string) => {
    const t = clean(text);
    if (!t || (kind !== "heading" && seen.has(t))) return;
    seen.add(t);
    blocks.push({ kind, text: t });
  };
  const walk = (el: El) => {
    for (const child of [...el.children] as El[]) {
      const tag = child.tagName.toLowerCase();
      if (/^h[1-6]$/.test(tag)) push("heading", child.textContent ?? "");
      else if (tag === "li") push("item", child.textContent ?? "");
      else if (
        tag === "p" ||
        tag === "blockquote" ||
        tag === "pre" ||
        tag === "figcaption" ||
        tag === "dd" ||
        tag === "dt"
      )
        push("paragraph", child.textContent ?? "");
      else if (child.children.length === 0) push("paragraph", child.textContent ?? "");
      else walk(child);
    }
  };
  walk(document.body as unknown as El);
  return blocks;
}

/** The share of a page's text that sits inside links: most of it on a home page. */
function linkDensity(doc: Doc): number {
  const body = doc.body as unknown as El | null;
  const all = clean(body?.textContent ?? "").length;
  if (all === 0) return 1;
  const linked = [...(body?.querySelectorAll("a") ?? [])].reduce(
    (n, a) => n + clean((a as El).textContent ?? "").length,
    0,
  );
  return linked / all;
}

/** The article in `html`, fetched from `pageUrl`; or why the page is not one, in words. */
export function extractHtml(html: string, pageUrl: string | null): Result<ExtractedArticle> {
  const { document } = parseHTML(html);
  const ld = jsonLd(document);
  const article = ld.find((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t))) ?? null;
  const ogType = meta(document, "og:type")?.toLowerCase() ?? "";
  if (ogType.startsWith("video") || ld.some((o) => typesOf(o).includes("VideoObject") && !article)) {
    return failed("not_article", "it is a video page, not an article");
  }
  const resolve = (href: string | null | undefined) => {
    if (!href) return null;
    try {
      const u = new URL(href, pageUrl ?? undefined).toString();
      return isLinkable(u) ? u : null;
    } catch {
      return null;
    }
  };
  const canonical =
    resolve(document.querySelector('link[rel="canonical"]')?.getAttribute("href")) ??
    resolve(meta(document, "og:url")) ??
    (pageUrl && isLinkable(pageUrl) ? pageUrl : null);
  const isArticlePage = article !== null || ogType === "article";
  const density = linkDensity(document);

  for (const el of document.querySelectorAll(FURNITURE_SELECTOR)) el.remove();
  const readerable = isProbablyReaderable(document as never);
  const parsed = new Readability(document.cloneNode(true) as never, { charThreshold: 300 }).parse();
  const blocks = parsed?.content ? blocksOf(parsed.content) : [];
  const length = textLength(blocks);

  if (length < MIN_ARTICLE_CHARS || (!readerable && !isArticlePage)) {
    const text = clean(document.body?.textContent ?? "");
    if (WALL.test(text) && text.length < 3000) {
      return failed(
        "not_article",
        "it is a login or subscription page: nkru can only add what it can read without an account",
      );
    }
    if (density > 0.3 || !readerable)
      return failed("not_article", "it looks like a home page or a list of links, not an article");
    return failed("not_article", "it has too little text to be an article");
  }
  if (!isArticlePage && density > 0.5) {
    return failed("not_article", "it looks like a home page or a list of links, not an article");
  }

  const title = clean(
    String(article?.headline ?? "") ||
      meta(document, "og:title", "twitter:title") ||
      parsed?.title ||
      document.title ||
      "",
  );
  const ldAuthors = names(article?.author);
  const metaAuthors = metaAll(document, "author")
    .concat(metaAll(document, "article:author"))
    .filter((a) => !/^https?:/i.test(a));
  const byline = parsed?.byline ? splitByline(parsed.byline) : { authors: [], outlet: null };
  const authors = [
    ...new Set(
      (ldAuthors.length ? ldAuthors : metaAuthors.length ? metaAuthors.flatMap(splitAuthors) : byline.authors).map(
        clean,
      ),
    ),
  ].filter((a) => a.length > 1 && a.length < 80);
  const publisher = names((article as Record<string, unknown> | null)?.publisher)[0] ?? null;
  const outlet = meta(document, "og:site_name") ?? publisher ?? parsed?.siteName ?? byline.outlet ?? null;
  const date =
    isoDateOfTimestamp(String(article?.datePublished ?? "")) ??
    isoDateOfTimestamp(
      meta(
        document,
        "article:published_time",
        "datePublished",
        "date",
        "pubdate",
        "publishdate",
        "dc.date",
        "DC.date.issued",
        "parsely-pub-date",
        "sailthru.date",
      ),
    ) ??
    isoDateOfTimestamp(document.querySelector("time[datetime]")?.getAttribute("datetime")) ??
    isoDateOfTimestamp(parsed?.publishedTime ?? null) ??
    isoDateOfTimestamp(String(article?.dateCreated ?? "")) ??
    null;
  const language =
    document.documentElement?.getAttribute("lang")?.trim() ||
    meta(document, "og:locale")?.replace("_", "-") ||
    (typeof article?.inLanguage === "string" ? article.inLanguage : null) ||
    null;
  // The headline repeated as the body's first block is the title, not a paragraph.
  const body = blocks[0] && clean(blocks[0].text).toLowerCase() === title.toLowerCase() ? blocks.slice(1) : blocks;
  return ok({
    title: title || (canonical ? new URL(canonical).hostname : "Untitled"),
    authors,
    outlet: outlet ? clean(outlet) : canonical ? new URL(canonical).hostname.replace(/^www\./, "") : null,
    date,
    url: canonical,
    language,
    blocks: body,
  });
}
