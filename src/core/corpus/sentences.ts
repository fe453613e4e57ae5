/**
 * Sentence splitting with Intl.Segmenter, corrected for abbreviations.
 *
 * ICU breaks after any "X. " followed by a capital letter, so "U.S. Ambassador" and
 * "Dr. Jones" would end sentences. A segment that ends in a known abbreviation or an
 * initialism is joined to the next one, unless the next one opens with a word that
 * usually starts a sentence ("…sanctions on the U.S. The visit…").
 */

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Titles and short forms that are followed by a name or number, never a sentence end. */
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "st",
  "gen",
  "lt",
  "col",
  "maj",
  "capt",
  "cmdr",
  "adm",
  "sgt",
  "sen",
  "rep",
  "gov",
  "pres",
  "amb",
  "jr",
  "sr",
  "vs",
  "etc",
  "inc",
  "ltd",
  "co",
  "corp",
  "mt",
  "ft",
  "e.g",
  "i.e",
  "cf",
  "al",
]);

/** Words that commonly open a sentence; after an initialism they signal a real break. */
const SENTENCE_OPENERS = new Set([
  "the",
  "this",
  "that",
  "these",
  "those",
  "it",
  "its",
  "he",
  "she",
  "they",
  "we",
  "i",
  "you",
  "in",
  "on",
  "at",
  "but",
  "and",
  "or",
  "so",
  "yet",
  "however",
  "meanwhile",
  "moreover",
  "also",
  "there",
  "then",
  "while",
  "when",
  "after",
  "before",
  "since",
  "as",
  "if",
  "although",
  "though",
  "a",
  "an",
  "his",
  "her",
  "their",
  "our",
  "my",
  "such",
  "both",
  "each",
  "many",
  "most",
  "some",
  "what",
  "why",
  "how",
  "who",
  "where",
  "according",
  "still",
  "today",
  "last",
  "next",
  "by",
]);

const INITIALISM_END = /(?:^|[\s(“"'])(?:\p{L}\.){2,}["”')\]]?\s*$/u;
const WORD_END = /(?:^|[\s(“"'])([\p{L}.]+)\.\s*$/u;

/**
 * Short forms written before a figure ("No. 5", "Jan. 12", "vol. 3", "fig. 2", "approx. 40"):
 * before anything else they are a word that ends a sentence ("Oh, no. We have one in navy.").
 */
const BEFORE_A_FIGURE = new Set([
  "no",
  "vol",
  "fig",
  "approx",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
]);

function endsWithAbbreviation(segment: string, next: string): "initialism" | "abbreviation" | null {
  if (INITIALISM_END.test(segment)) return "initialism";
  const m = WORD_END.exec(segment);
  if (!m) return null;
  const word = (m[1] ?? "").toLowerCase();
  if (BEFORE_A_FIGURE.has(word)) return /^\s*\d/.test(next) ? "abbreviation" : null;
  if (ABBREVIATIONS.has(word)) return "abbreviation";
  // A lone capital initial ("George W. Bush").
  if (/^\p{Lu}$/u.test(m[1] ?? "")) return "abbreviation";
  return null;
}

function firstWord(segment: string): string {
  const m = /[\p{L}\p{N}']+/u.exec(segment);
  return m ? m[0].toLowerCase() : "";
}

/**
 * The last words of the pending segments, enough for any abbreviation or initialism test:
 * the last segments making up 64 characters, from a space. Never the whole: a run of
 * joined segments ("Kim. Kim. …") can be a megabyte, and reading all of it at every
 * segment made splitting quadratic.
 */
function endOf(parts: readonly string[]): string {
  let text = "";
  for (let i = parts.length - 1; i >= 0 && text.length < 64; i--) text = parts[i] + text;
  if (text.length <= 64) return text;
  const space = text.lastIndexOf(" ", text.length - 64);
  return text.slice(space < 0 ? text.length - 64 : space);
}

/** Characters given to the segmenter at once (see {@link segments}). */
const CHUNK = 4096;
const BREAK = /[.!?]["”’')\]]*\s+(?=["“(]?\p{Lu})/gu;

/**
 * ICU's sentence segments of `text`, read a few thousand characters at a time: on one
 * long run of short segments ("Kim. " 50,000 times) Intl.Segmenter takes time that grows
 * faster than the square of the length (15 s for 250 KB). Each piece ends where a
 * sentence clearly ends (a full stop and a capital), or failing that at a space, so
 * the pieces' segments are the whole text's.
 */
function* segments(text: string): Generator<string> {
  let pos = 0;
  while (pos < text.length) {
    let cut = text.length;
    if (text.length - pos > 2 * CHUNK) {
      BREAK.lastIndex = pos + CHUNK;
      const m = BREAK.exec(text);
      if (m && m.index < pos + 2 * CHUNK) cut = m.index + m[0].length;
      else {
        const space = text.indexOf(" ", pos + CHUNK);
        cut = space >= 0 && space < pos + 2 * CHUNK ? space + 1 : pos + CHUNK;
      }
    }
    for (const s of segmenter.segment(text.slice(pos, cut))) yield* unjoined(s.segment);
    pos = cut;
  }
}

/**
 * Sentences run together without a space ("…from an infected female to its
 * offspring.Pappataci fever is…", as paragraphs pasted into one line come out), which ICU
 * reads as one: a break after a lower-case word's full stop, question or exclamation
 * mark and before a capitalised word. Two lower-case letters before the mark keep
 * "Ph.D", "e.g.The" and "P!nk" whole; abbreviations ("Mrs.Smith") are joined again below.
 */
const MISSING_SPACE = /(?<=\p{Ll}{2}[.!?]["”’')\]]*)(?=\p{Lu}\p{Ll})/u;

function unjoined(segment: string): string[] {
  return MISSING_SPACE.test(segment) ? segment.split(new RegExp(MISSING_SPACE.source, "gu")) : [segment];
}

/** Splits text into trimmed sentences, in time linear in its length. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const pending: string[] = [];
  const flush = () => {
    const trimmed = pending.join("").trim();
    if (trimmed) out.push(trimmed);
    pending.length = 0;
  };
  let current: string | undefined;
  for (const next of segments(text)) {
    if (current !== undefined) {
      pending.push(current);
      const tail = endOf(pending);
      // "P!nk", "Panic! at the Disco": a "!" or "?" inside a name runs on into a letter or a lower-case word.
      const runsOn =
        (/[!?]$/u.test(tail) && /^\p{L}/u.test(next)) || (/[!?]["”’')\]]*\s+$/u.test(tail) && /^\s*\p{Ll}/u.test(next));
      const kind = runsOn ? null : endsWithAbbreviation(tail, next);
      const joined =
        runsOn || kind === "abbreviation" || (kind === "initialism" && !SENTENCE_OPENERS.has(firstWord(next)));
      if (!joined) flush();
    }
    current = next;
  }
  if (current !== undefined) pending.push(current);
  flush();
  return out;
}
