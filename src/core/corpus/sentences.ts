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
  "no",
  "vol",
  "fig",
  "approx",
  "vs",
  "etc",
  "inc",
  "ltd",
  "co",
  "corp",
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

function endsWithAbbreviation(segment: string): "initialism" | "abbreviation" | null {
  if (INITIALISM_END.test(segment)) return "initialism";
  const m = WORD_END.exec(segment);
  if (!m) return null;
  const word = (m[1] ?? "").toLowerCase();
  if (ABBREVIATIONS.has(word)) return "abbreviation";
  // A lone capital initial ("George W. Bush").
  if (/^\p{Lu}$/u.test(m[1] ?? "")) return "abbreviation";
  return null;
}

function firstWord(segment: string): string {
  const m = /[\p{L}\p{N}']+/u.exec(segment);
  return m ? m[0].toLowerCase() : "";
}

/** The last words of `text`, from a space, enough for any abbreviation or initialism test. */
function endOf(text: string): string {
  if (text.length <= 64) return text;
  const space = text.lastIndexOf(" ", text.length - 64);
  return text.slice(space < 0 ? text.length - 64 : space);
}

/** Splits text into trimmed sentences. */
export function splitSentences(text: string): string[] {
  const raw = Array.from(segmenter.segment(text), (s) => s.segment);
  const out: string[] = [];
  let pending = "";
  for (let i = 0; i < raw.length; i++) {
    pending += raw[i];
    const next = raw[i + 1];
    if (next !== undefined) {
      // Only the end of what is pending can be an abbreviation: testing the whole of a long run
      // of joined segments ("A. A. A. …") each time made splitting quadratic.
      const tail = endOf(pending);
      // "P!nk", "Panic! at the Disco": a "!" or "?" inside a name runs on into a letter or a lower-case word.
      if (/[!?]$/u.test(tail) && /^\p{L}/u.test(next)) continue;
      if (/[!?]["”’')\]]*\s+$/u.test(tail) && /^\s*\p{Ll}/u.test(next)) continue;
      const kind = endsWithAbbreviation(tail);
      if (kind === "abbreviation") continue;
      if (kind === "initialism" && !SENTENCE_OPENERS.has(firstWord(next))) continue;
    }
    const trimmed = pending.trim();
    if (trimmed) out.push(trimmed);
    pending = "";
  }
  const rest = pending.trim();
  if (rest) out.push(rest);
  return out;
}
