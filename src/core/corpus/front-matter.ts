import { parse as parseYaml } from "yaml";

/** Front-matter fields nkru reads; any others are kept out of the way, not refused. */
export interface FrontMatter {
  id?: string;
  title?: string;
  author?: string;
  outlet?: string;
  period?: string;
}

export type FrontMatterResult = { ok: true; meta: FrontMatter; body: string } | { ok: false; reason: string };

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const TEXT_FIELDS = ["title", "author", "outlet", "period"] as const;

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
    if (value instanceof Date) meta[field] = value.toISOString().slice(0, 10);
    else if (typeof value === "string" || typeof value === "number") {
      const s = String(value).trim();
      if (s) meta[field] = s;
    } else return { ok: false, reason: `broken front matter: ${field} must be text` };
  }
  return { ok: true, meta, body };
}
