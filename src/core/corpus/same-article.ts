/**
 * Whether two articles are the same: by address, and by text. A wire story runs under
 * many outlets' addresses with their own headline, byline and furniture around it, so
 * the text is compared by its word 5-grams ("shingles"): each text is reduced to the
 * SKETCH_SIZE smallest hashes of its shingles (a bottom-k sketch), and two sketches
 * estimate the share of shingles the texts have in common (Broder's resemblance) in
 * time proportional to the sketch, not the text.
 */

export const SKETCH_SIZE = 128;
const SHINGLE = 5;

/** Query parameters that track a click, not name a page. */
const TRACKING =
  /^(?:utm_.*|fbclid|gclid|dclid|mc_cid|mc_eid|cmpid|ocid|ref|ref_src|smid|sr_share|taid|ito|at_.*|_ga)$/i;

/**
 * The key under which an address names an article: scheme, "www.", default ports,
 * fragments, trailing slashes and tracking parameters do not make another article.
 */
export function urlKey(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  const params = [...u.searchParams.entries()]
    .filter(([k]) => !TRACKING.test(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : "";
  const path = u.pathname.replace(/\/+$/, "") || "/";
  return `${u.hostname.toLowerCase().replace(/^www\./, "")}${u.port ? `:${u.port}` : ""}${path}${query}`;
}

/** 32-bit FNV-1a: fast, and spread well enough for sketches of a few thousand shingles. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The bottom-k sketch of a text's word 5-grams, ascending. */
export function textSketch(text: string): Uint32Array {
  const words = text
    .toLowerCase()
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const hashes = new Set<number>();
  if (words.length < SHINGLE) {
    if (words.length) hashes.add(fnv1a(words.join(" ")));
  } else {
    for (let i = 0; i + SHINGLE <= words.length; i++) hashes.add(fnv1a(words.slice(i, i + SHINGLE).join(" ")));
  }
  const sorted = Uint32Array.from(hashes).sort();
  return sorted.subarray(0, SKETCH_SIZE);
}

/**
 * Estimated share of shingles two texts have in common (0..1), from their sketches:
 * of the k smallest hashes of the union, the share that is in both.
 */
export function resemblance(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  const k = Math.min(SKETCH_SIZE, Math.max(a.length, b.length));
  let i = 0;
  let j = 0;
  let seen = 0;
  let both = 0;
  while (seen < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
    seen++;
  }
  return seen ? both / seen : 0;
}

/** Resemblance above which two texts are one article (a syndicated copy, a re-post). */
export const SAME_TEXT = 0.5;
/** Resemblance above which two articles are on one story (shared quotes and paragraphs). */
export const SAME_STORY = 0.12;
