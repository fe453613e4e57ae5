/**
 * General knowledge of English words, looked up in the data scripts/build-lexicon.mjs
 * generates from WordNet and a country gazetteer (lexicon-data.ts): a word's dictionary
 * form ("fled" → "flee", "died" → "die", "colour" → "color"), the words related to it (synonyms, derived
 * forms, broader and narrower terms), and the names of every country.
 *
 * The related words stay one sorted string, searched by bisection: parsing 68,000
 * entries into a map would cost a start-up 100 ms and 30 MB for the few words a
 * question asks about.
 */
import { COUNTRY_NAMES, IRREGULAR_FORMS, RELATED_WORDS, SPELLING_VARIANTS } from "./lexicon-data.js";

export interface RelatedWords {
  /** Words of the same sense ("matrimony" for "marriage"). */
  readonly synonyms: readonly string[];
  /** Derivationally related forms ("marry" for "marriage"). */
  readonly derived: readonly string[];
  /** The broader terms of its first noun sense ("car" for "limousine"). */
  readonly broader: readonly string[];
  /** The narrower terms of its first noun sense ("limousine" for "car"). */
  readonly narrower: readonly string[];
}

export interface CountryNames {
  /** One term for the country, e.g. "northkorea". */
  readonly concept: string;
  /** Names, official names, spellings, demonyms and capitals, as written. */
  readonly names: readonly string[];
}

/** Inflections tried, after the irregular forms, to find the entry for a word ("supplied" → "supply"). */
const SUFFIXES: readonly [string, string][] = [
  ["ies", "y"],
  ["ied", "y"],
  ["es", ""],
  ["s", ""],
  ["ed", "e"],
  ["ed", ""],
  ["ing", "e"],
  ["ing", ""],
  ["er", ""],
  ["est", ""],
];

/** A word's own related words, then its base form's. */
function merged(own: RelatedWords | null, base: RelatedWords | null): RelatedWords | null {
  if (!own || !base) return own ?? base;
  const join = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
  return {
    synonyms: join(own.synonyms, base.synonyms),
    derived: join(own.derived, base.derived),
    broader: join(own.broader, base.broader),
    narrower: join(own.narrower, base.narrower),
  };
}

/** {@link SUFFIXES} of inflections alone: plurals, past forms and participles. */
const INFLECTIONS = SUFFIXES.filter(([suffix]) => suffix !== "er" && suffix !== "est");

const split = (list: string | undefined) => (list ? list.split(",") : []);

export class Lexicon {
  private readonly irregular = new Map<string, string>();
  private readonly american = new Map<string, string>();
  private readonly cache = new Map<string, RelatedWords | null>();

  constructor(
    private readonly related: string = RELATED_WORDS,
    irregular: string = IRREGULAR_FORMS,
    private readonly countryNames: string = COUNTRY_NAMES,
    spellings: string = SPELLING_VARIANTS,
  ) {
    for (const [list, map] of [
      [irregular, this.irregular],
      [spellings, this.american],
    ] as const) {
      for (const line of list.split("\n")) {
        const tab = line.indexOf("\t");
        if (tab > 0) map.set(line.slice(0, tab), line.slice(tab + 1));
      }
    }
  }

  /**
   * The dictionary form of an inflected word: its irregular base, else the first regular
   * inflection undone that gives a dictionary word ("died" → "die", "ties" → "tie"), as
   * WordNet's own morphology does; null for a dictionary word or an unknown one. The
   * stemmer alone makes "died" "di" and "die" "die", so the two would never meet.
   * Comparatives are not undone: too many names end in "-er" ("Rainer" is not "rain").
   * A British spelling gives its American twin (scripts/build-lexicon.mjs lists the pairs
   * WordNet holds), so "baptised" and "baptized" meet.
   */
  lemma(word: string): string | null {
    const base = this.inflectedBase(word);
    // A British spelling is also its American twin ("colours" → "colour" → "color").
    return this.american.get(base ?? word) ?? base;
  }

  private inflectedBase(word: string): string | null {
    const irregular = this.irregular.get(word);
    if (irregular) return irregular;
    if (this.entry(word)) return null;
    for (const [suffix, replacement] of INFLECTIONS) {
      if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
        const base = word.slice(0, -suffix.length) + replacement;
        if (base.length >= 3 && this.entry(base)) return base;
      }
    }
    return null;
  }

  /** The words related to a word (lower case), found through its base form; null when it has none. */
  relatedTo(word: string): RelatedWords | null {
    const hit = this.cache.get(word);
    if (hit !== undefined) return hit;
    let found = this.entry(word);
    // An irregular form is also its verb's: "worried" is "upset" and, as "worry", "concern";
    // "left" is "remaining" and, as "leave", "depart".
    const base = this.irregular.get(word);
    if (base) found = merged(found, this.entry(base));
    for (const [suffix, replacement] of SUFFIXES) {
      if (found) break;
      if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
        found = this.entry(word.slice(0, -suffix.length) + replacement);
      }
    }
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(word, found);
    return found;
  }

  /**
   * True for an English word the dictionary holds, in any inflection, or an adverb made
   * from one ("actually" from "actual"): such a word is spelt as meant.
   */
  knows(word: string): boolean {
    if (this.irregular.has(word) || this.relatedTo(word)) return true;
    const adverb = /^(.{3,}?)(?:(i)ly|ally|ly)$/.exec(word);
    if (!adverb) return false;
    const stem = adverb[1] as string;
    return [stem, `${stem}y`, `${stem}al`, `${stem}le`, `${stem}e`].some((w) => this.relatedTo(w) !== null);
  }

  /** Every country's names, for the analyzer's name phrases. */
  countries(): CountryNames[] {
    return this.countryNames
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [concept = "", names = ""] = line.split("\t");
        return { concept, names: names.split("|").filter(Boolean) };
      });
  }

  /** The entry of exactly this word, by bisection over the sorted lines. */
  private entry(word: string): RelatedWords | null {
    const text = this.related;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = text.lastIndexOf("\n", mid - 1) + 1;
      const tab = text.indexOf("\t", start);
      const key = text.slice(start, tab);
      if (key === word) {
        const end = text.indexOf("\n", tab);
        const [synonyms, derived, broader, narrower] = text.slice(tab + 1, end < 0 ? undefined : end).split("\t");
        return {
          synonyms: split(synonyms),
          derived: split(derived),
          broader: split(broader),
          narrower: split(narrower),
        };
      }
      if (key < word) {
        const next = text.indexOf("\n", start);
        if (next < 0) return null;
        lo = next + 1;
      } else {
        hi = start;
      }
    }
    return null;
  }
}
