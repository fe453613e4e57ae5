import { parse as parseYaml } from "yaml";
import type { Provenance, Syndication } from "../types.js";
import { isoDateOfTimestamp } from "./dates.js";

/** Front-matter fields nkru reads; any others are kept out of the way, not refused. */
export interface FrontMatter {
  id?: string;
  title?: string;
  /** One line naming everyone ("Jane Roe and Kim Min-jun"); `authors` lists them. */
  author?: string;
  authors?: string[];
  outlet?: string;
  period?: string;
  /** YYYY-MM-DD. */
  date?: string;
  url?: string;
  language?: string;
  /** `added_by`, `added_at` and `feed`, as ingestion writes them. */
  added?: Provenance;
  /** `also_reported_by`: other outlets' copies of the same text. */
  alsoReportedBy?: Syndication[];
}

export type FrontMatterResult = { ok: true; meta: FrontMatter; body: string } | { ok: false; reason: string };

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const TEXT_FIELDS = ["title", "outlet", "period", "language"] as const;

/** An address a citation may link to: http or https, nothing a Slack link could be forged with. */
export function isLinkable(url: string): boolean {
  if (/[\s<>|"]/.test(url)) return false;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** The authors one by one from a byline or a front-matter list. */
export function splitAuthors(value: string): string[] {
  return value
    .split(/\s*(?:;|&|\band\b|,(?=\s*(?:and\s+)?\p{Lu}[\p{L}'’.-]*\s+\p{Lu}))\s*/u)
    .map((a) => a.trim())
    .filter(Boolean);
}

function textOf(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "string" || typeof value === "number") return String(value).trim() || null;
  return null;
}

/**
 * Splits a leading `---` YAML block from the body. A file without one is all body.
 * A block that is opened but never closed, is not valid YAML, is not a mapping, or
 * holds a field of the wrong type is refused with the reason.
 */
export function splitFrontMatter(text: string): FrontMatterResult {
  if (!/^---[ \t]*\n/.test(text)) return { ok: true, meta: {}, body: text };
  const close = /\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text.slice(3));
  if (!close) return { ok: false, reason: "broken front matter: opened with --- but never closed" };
  const yamlText = text.slice(4, 3 + close.index + 1);
  const body = text.slice(3 + close.index + close[0].length);
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (error) {
    const first = String((error as Error).message).split("\n")[0];
    return { ok: false, reason: `broken front matter: ${first}` };
  }
  if (data === null || data === undefined) return { ok: true, meta: {}, body };
  if (typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, reason: "broken front matter: expected key: value lines" };
  }
  const record = data as Record<string, unknown>;
  const meta: FrontMatter = {};
  if (record.id !== undefined && record.id !== null) {
    const id = String(record.id).trim().toLowerCase();
    if (!ID_PATTERN.test(id)) {
      return {
        ok: false,
        reason: `broken front matter: id "${String(record.id)}" must be letters, digits, '.', '_' or '-'`,
      };
    }
    meta.id = id;
  }
  for (const field of TEXT_FIELDS) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    // Dates and years come through YAML as numbers or Date objects; keep them as written text.
    const s = textOf(value);
    if (s === null && typeof value === "object")
      return { ok: false, reason: `broken front matter: ${field} must be text` };
    if (s) meta[field] = s;
  }
  const authors = record.authors ?? record.author;
  if (Array.isArray(authors)) {
    const list = authors.map(textOf).filter((a): a is string => Boolean(a));
    if (list.length) meta.authors = list;
  } else if (authors !== undefined && authors !== null) {
    const line = textOf(authors);
    if (line === null) return { ok: false, reason: "broken front matter: author must be text" };
    meta.authors = splitAuthors(line);
  }
  if (meta.authors?.length) meta.author = joinAuthors(meta.authors);
  if (record.date !== undefined && record.date !== null) {
    const date =
      record.date instanceof Date ? record.date.toISOString().slice(0, 10) : isoDateOfTimestamp(textOf(record.date));
    if (!date)
      return { ok: false, reason: `broken front matter: date "${String(record.date)}" is not a date (YYYY-MM-DD)` };
    meta.date = date;
  }
  const url = textOf(record.url);
  if (url) {
    if (!isLinkable(url))
      return { ok: false, reason: `broken front matter: url "${url}" is not an http or https address` };
    meta.url = url;
  }
  const by = textOf(record.added_by);
  if (by) {
    const at = record.added_at instanceof Date ? record.added_at.toISOString() : (textOf(record.added_at) ?? "");
    meta.added = { by, at, feed: textOf(record.feed) };
  }
  if (Array.isArray(record.also_reported_by)) {
    meta.alsoReportedBy = record.also_reported_by.flatMap((entry) => {
      const e = entry as Record<string, unknown> | null;
      const link = textOf(e?.url);
      return e && link && isLinkable(link) ? [{ outlet: textOf(e.outlet), url: link }] : [];
    });
  }
  return { ok: true, meta, body };
}

/** "Jane Roe", "Jane Roe and Kim Min-jun", "Jane Roe, Kim Min-jun and Lee Su". */
export function joinAuthors(authors: readonly string[]): string {
  if (authors.length <= 2) return authors.join(" and ");
  return `${authors.slice(0, -1).join(", ")} and ${authors[authors.length - 1]}`;
}
