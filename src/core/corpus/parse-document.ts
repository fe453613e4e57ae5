/**
 * Reads one article (plain text or light Markdown) into metadata and passages.
 *
 * Articles arrive as pasted from web pages: one paragraph a line or hard-wrapped,
 * headings as bare short lines, lists with bullets or as "Label: text" lines, and
 * page furniture ("New Update", the headline repeated, "All rights reserved") mixed in.
 * The parser keeps the article text and drops the furniture, so what is indexed is
 * what the author wrote.
 */
import type { DocumentMeta, PassageKind } from "../types.js";
import { isoDateOf } from "./dates.js";
import { joinAuthors, splitAuthors, splitFrontMatter } from "./front-matter.js";

/** A passage before it is given its corpus-wide id. */
export interface ParsedPassage {
  ordinal: number;
  section: string | null;
  kind: PassageKind;
  label: string | null;
  text: string;
}

export interface ParsedDocument {
  meta: DocumentMeta;
  sections: string[];
  passages: ParsedPassage[];
}

export type ParseResult = { ok: true; document: ParsedDocument } | { ok: false; reason: string };

type Unit =
  | { type: "heading"; text: string; explicit: boolean }
  | { type: "item"; text: string }
  | { type: "para"; text: string };

const BULLET = /^\s*(?:[•●▪◦‣∙·*+\-–—]|\d{1,3}[.)])\s+(.*)$/u;
const MD_HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const TERMINAL = /[.!?;:,…"”'’)\]]$/u;

/** Lines a web page adds around an article. */
const FURNITURE = [
  /^(?:new update|updated?|breaking|advertisement|advert|sponsored(?: content)?|story continues below(?: advertisement)?)$/i,
  /^(?:share(?: this)?(?: article| story)?|read more|read next|related(?: articles| stories| coverage)?|most read|trending)$/i,
  /^(?:subscribe|sign up|click here|follow us|listen to this article|print|email)\b.{0,60}$/i,
  /all rights reserved/i,
  /^(?:©|\(c\)|copyright\b).{0,100}$/i,
];

const TAKEAWAY_HEADING =
  /^(?:key|main|top)?\s*(?:takeaways?|points|findings|highlights|facts)$|^(?:at a glance|in brief|tl;?dr|the bottom line|summary|in summary|what we know)$/i;

const CALLOUT =
  /^(?:why (?:this|it) matters|the big picture|big picture|(?:the )?bottom line|what'?s next|what to watch|between the lines|go deeper|the context|context|background|zoom in|zoom out|yes,? but|the other side|state of play|driving the news|flashback|key takeaway)\s*[:—–]\s+/i;

const FUNCTION_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "but",
  "by",
  "for",
  "from",
  "in",
  "into",
  "of",
  "on",
  "or",
  "the",
  "to",
  "with",
  "vs",
  "via",
  "over",
  "amid",
  "against",
  "between",
  "its",
  "their",
]);

/** Lines up to this long are compared with case, quotes and spacing folded. */
const SHORT_LINE = 300;

function normalizeForCompare(s: string): string {
  // Most lines are plain ASCII; only the rest need Unicode normalisation and quote folding.
  const folded = /^[\x20-\x7e]*$/.test(s) ? s : s.normalize("NFKC").replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
  return folded.replace(/\s+/g, " ").trim().toLowerCase();
}

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

/** Short, unpunctuated, mostly capitalised: how pasted articles show headings. */
function looksLikeHeading(line: string): boolean {
  if (line.length > 120) return false;
  const w = words(line);
  if (w.length === 0 || w.length > 14) return false;
  if (TERMINAL.test(line) && !/\?$/.test(line)) return false;
  if (!/^[\p{Lu}\p{N}"“']/u.test(line)) return false;
  const content = w.filter((x) => !FUNCTION_WORDS.has(x.toLowerCase()));
  if (content.length === 0) return false;
  const capitalised = content.filter((x) => /^[\p{Lu}\p{N}"“'(]/u.test(x)).length;
  return capitalised / content.length >= 0.6 || w.length <= 3;
}

/**
 * A byline: the curated author's name, "by Jane Doe" near the top, or a bare 2–4 word
 * name ("Dil Bar Irshad") before the body has begun (at most a dek above it).
 */
const HEADING_WORDS =
  /\b(?:takeaways?|summary|background|conclusions?|introduction|overview|analysis|context|outlook|highlights|points|update|news|opinion|editorial|commentary)\b/i;

function bylineName(
  line: string,
  knownAuthor: string | null,
  passagesSoFar: number,
  next: Unit | undefined,
): string | null {
  const trimmed = line.trim();
  if (passagesSoFar > 4) return null;
  const bare = normalizeForCompare(trimmed).replace(/^by\s+/, "");
  if (knownAuthor) return bare === normalizeForCompare(knownAuthor) ? knownAuthor : null;
  const by = /^by\s+(.{3,120})$/i.exec(trimmed);
  if (by && !TERMINAL.test(trimmed) && passagesSoFar <= 3) return (by[1] ?? "").trim();
  if (passagesSoFar > 1 || next?.type === "item" || HEADING_WORDS.test(trimmed)) return null;
  // Bare names: "Dil Bar Irshad", or "Jane Roe and Kim Min-jun, Reuters".
  const { authors, outlet } = splitByline(trimmed);
  const named = authors.length > 0 && authors.every(isName) && (outlet === null || looksLikeOutlet(outlet, authors));
  return named && (authors.length > 1 || outlet !== null || words(trimmed).length <= 4) ? trimmed : null;
}

/** 2–4 capitalised words, none a function word: how a byline writes a person. */
function isName(s: string): boolean {
  const w = words(s);
  return (
    w.length >= 2 &&
    w.length <= 4 &&
    w.every((x) => /^\p{Lu}[\p{L}'’.-]*$/u.test(x) && !FUNCTION_WORDS.has(x.toLowerCase()))
  );
}

const OUTLET_WORDS =
  /\b(?:news|times|post|press|agency|journal|herald|daily|tribune|guardian|review|institute|cent(?:er|re)|service|radio|tv|network|media|wire|reuters|yonhap|gazette|telegraph|observer|economist|monitor|foundation|council|report)\b/i;

/** The last part of "names, Outlet" is an outlet when it says so or the names are already a list. */
function looksLikeOutlet(part: string, authors: readonly string[]): boolean {
  const w = words(part);
  if (w.length === 0 || w.length > 6 || !/^[\p{Lu}\p{N}]/u.test(part)) return false;
  return /^[\p{Lu}\p{N}&.-]{2,8}$/u.test(part) || OUTLET_WORDS.test(part) || w.length === 1 || authors.length > 1;
}

/** "Jane Roe and Kim Min-jun, Reuters" → the authors and the outlet. */
export function splitByline(byline: string): { authors: string[]; outlet: string | null } {
  const cleaned = byline
    .trim()
    .replace(/^by\s+/i, "")
    .replace(/[.;]$/, "");
  const parts = cleaned.split(/\s*[,|]\s*/);
  const last = parts[parts.length - 1] ?? "";
  if (parts.length >= 2 && !/\band\b|&/.test(last)) {
    const names = splitAuthors(parts.slice(0, -1).join(", "));
    if (looksLikeOutlet(last, names) && !isName(last)) return { authors: names, outlet: last };
    if (
      looksLikeOutlet(last, names) &&
      (parts
        .slice(0, -1)
        .join(" ")
        .match(/\band\b|&/) ||
        OUTLET_WORDS.test(last))
    )
      return { authors: names, outlet: last };
  }
  return { authors: splitAuthors(cleaned), outlet: null };
}

/** Splits the body into headings, list items and paragraphs, joining hard-wrapped lines. */
function toUnits(body: string): Unit[] {
  const units: Unit[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) units.push({ type: "para", text: para.join(" ") });
    para = [];
  };
  for (const rawLine of body.split("\n")) {
    const line = rawLine.replace(/\s+$/, "").replace(/^\s+/, (m) => (BULLET.test(rawLine) ? m : ""));
    if (line.trim() === "") {
      flush();
      continue;
    }
    const md = MD_HEADING.exec(line);
    if (md) {
      flush();
      units.push({ type: "heading", text: md[1] ?? "", explicit: true });
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      flush();
      units.push({ type: "item", text: (bullet[1] ?? "").trim() });
      continue;
    }
    const text = line.trim();
    const prev = para[para.length - 1];
    // A wrapped line continues the paragraph; a finished sentence or a heading-like line ends it.
    if (prev !== undefined && !TERMINAL.test(prev) && !looksLikeHeading(prev)) {
      para.push(text);
    } else {
      flush();
      para.push(text);
    }
  }
  flush();
  return units;
}

const LABEL = /^([\p{Lu}][^:.!?]{1,70}?):\s+(\S.*)$/u;

function labelOf(text: string): { label: string; rest: string } | null {
  const m = LABEL.exec(text);
  if (!m) return null;
  const label = (m[1] ?? "").trim();
  if (words(label).length > 9 || !looksLikeHeading(label)) return null;
  return { label, rest: m[2] ?? "" };
}

function slugify(name: string): string {
  return (
    name
      .replace(/\.[^.]+$/, "")
      .toLowerCase()
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 64) || "document"
  );
}

/**
 * Parses one document. `file` names it in warnings and supplies the id when the
 * front matter has none.
 */
export function parseDocument(file: string, text: string): ParseResult {
  const fm = splitFrontMatter(text);
  if (!fm.ok) return fm;
  const units = toUnits(fm.body);

  let title = fm.meta.title ?? null;
  let author = fm.meta.author ?? null;
  let authors: string[] = fm.meta.authors ?? [];
  let outlet = fm.meta.outlet ?? null;
  let date = fm.meta.date ?? null;

  // Without a title in front matter, a short first line is the headline.
  let start = 0;
  const first = units[0];
  if (!title && first && first.type !== "item" && words(first.text).length <= 25 && !/[.!]$/.test(first.text)) {
    title = first.text;
    start = 1;
  }
  if (!title) title = file.replace(/\.[^.]+$/, "");
  const titleKey = normalizeForCompare(title);

  const seen = new Set<string>();
  const passages: ParsedPassage[] = [];
  const sections: string[] = [];
  let section: string | null = null;
  let inTakeaways = false;
  let lastWasLabelled = false;
  let lastEndedWithColon = false;

  for (let i = start; i < units.length; i++) {
    const unit = units[i] as Unit;
    // Headlines, deks and furniture are short: only short lines need a forgiving comparison.
    const key = unit.text.length <= SHORT_LINE ? normalizeForCompare(unit.text) : unit.text;
    if (key === "" || key === titleKey) continue; // the headline repeated as a line
    if (FURNITURE.some((re) => re.test(unit.text.trim()))) {
      const rights = /^\(?([^()]{2,60}?)\)?\s*[–—-]\s*all rights reserved/i.exec(unit.text.trim());
      if (rights && !outlet) outlet = (rights[1] ?? "").trim();
      continue;
    }
    if (unit.type !== "item") {
      const name = bylineName(unit.text, author, passages.length, units[i + 1]);
      if (name) {
        if (!author) {
          const split = splitByline(name);
          authors = split.authors;
          author = authors.length ? joinAuthors(authors) : name;
          outlet ??= split.outlet;
        }
        continue;
      }
      // A dateline ("January 5, 2025") under the headline is the article's date, not a heading.
      const dateline = passages.length <= 3 && unit.text.length <= 80 ? isoDateOf(unit.text) : null;
      if (dateline) {
        date ??= dateline;
        continue;
      }
    }
    if (seen.has(key)) continue; // a dek or paragraph repeated by the page
    seen.add(key);

    const next = units[i + 1];
    const isHeading =
      unit.type === "heading" ||
      (unit.type === "para" &&
        looksLikeHeading(unit.text) &&
        (TAKEAWAY_HEADING.test(unit.text.trim()) || (next !== undefined && next.type !== "heading")));
    if (isHeading) {
      section = unit.text.trim();
      sections.push(section);
      inTakeaways = TAKEAWAY_HEADING.test(section);
      lastWasLabelled = false;
      lastEndedWithColon = false;
      continue;
    }

    let kind: PassageKind = unit.type === "item" ? "item" : "paragraph";
    let label: string | null = null;
    const callout = CALLOUT.exec(unit.text);
    if (callout) {
      kind = "callout";
      label = callout[0].replace(/\s*[:—–]\s+$/, "").trim();
    } else {
      // "Regional Conflict: North Korea's…" lines after a lead-in ending in ":" are a list.
      const labelled = labelOf(unit.text);
      if (labelled && (lastEndedWithColon || lastWasLabelled || unit.type === "item")) {
        kind = "item";
        label = labelled.label;
      }
    }
    if (inTakeaways && kind !== "callout") kind = "takeaway";
    lastWasLabelled = label !== null && kind !== "callout";
    lastEndedWithColon = /:$/.test(unit.text);

    passages.push({
      ordinal: passages.length + 1,
      section,
      kind,
      label,
      text: unit.text,
    });
  }

  // Who wrote it, where and when, as a passage of its own: "Who wrote the piece on…"
  // and "Which outlet…" are questions about the corpus that its text alone cannot answer.
  const byline = bylinePassage(title, author, outlet, fm.meta.period ?? date);
  if (byline && passages.length > 0) {
    passages.push({ ordinal: passages.length + 1, section: null, kind: "meta", label: null, text: byline });
  }

  return {
    ok: true,
    document: {
      meta: {
        id: fm.meta.id ?? slugify(file),
        title,
        author,
        authors: authors.length ? authors : author ? [author] : [],
        outlet,
        period: fm.meta.period ?? null,
        date,
        url: fm.meta.url ?? null,
        added: fm.meta.added ?? null,
        alsoReportedBy: fm.meta.alsoReportedBy ?? [],
      },
      sections,
      passages,
    },
  };
}

/** "Title, by Jane Roe (Outlet, 2024)." from what is known; null when neither author nor outlet is. */
function bylinePassage(
  title: string,
  author: string | null,
  outlet: string | null,
  period: string | null,
): string | null {
  if (!author && !outlet) return null;
  const where = [outlet, period].filter((x): x is string => Boolean(x)).join(", ");
  return `${title}, ${author ? `by ${author}` : `from ${outlet}`}${author && where ? ` (${where})` : !author && period ? ` (${period})` : ""}.`;
}
