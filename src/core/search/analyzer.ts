/**
 * The one text analyzer behind indexing, question parsing, sentence scoring and
 * highlighting, so that all of them agree on what a "term" is.
 *
 * A word becomes terms in this order:
 * 1. initialisms lose their dots ("U.S." → "US") and numbers their commas ("10,000");
 * 2. accents and curly quotes are folded, case is lowered, "'s" is dropped;
 * 3. domain names are recognised: phrases first ("Kim Jong Un"), then capitals-only
 *    forms ("US", "UN"), then single words ("Pyongyang");
 * 4. stop words are dropped;
 * 5. the word is stemmed (Porter) and, if it belongs to an alias group, the group's
 *    concept term is added beside it.
 */
import { stemmer } from "stemmer";
import { type AliasGroup, aliasGroups } from "./aliases.js";
import { Lexicon } from "./lexicon.js";
import { COMMON_WORDS, STOP_WORDS } from "./stop-words.js";

export interface Token {
  /** The word(s) as written, e.g. "North Korea’s". */
  readonly surface: string;
  readonly start: number;
  readonly end: number;
  /** The word's own (stemmed) term, or the concept for a recognised name phrase; null for stop words. */
  readonly term: string | null;
  /** The concept of its alias group, or the term of its irregular base form, when that differs from `term`. */
  readonly concept: string | null;
}

/**
 * How a query term relates to the question word it came from: the word itself, its
 * irregular base form, a name of the same actor, or a word WordNet relates to it.
 */
export type Relation = "own" | "base" | "alias" | "synonym" | "derived" | "broader" | "narrower";

/**
 * How much a related term counts against the word itself, in retrieval and sentence
 * scoring. Chosen by measuring recall on the development sets (see README, "How
 * answers are found"); the ranking model weighs each relation again from data.
 */
export const RELATION_WEIGHTS: Readonly<Record<Relation, number>> = {
  own: 1,
  base: 0.9,
  alias: 0.5,
  synonym: 0.45,
  derived: 0.55,
  broader: 0.25,
  narrower: 0.3,
};

/** Related words added per question word and relation, at most. */
const EXPANSIONS: Readonly<Record<"synonym" | "derived" | "broader" | "narrower", number>> = {
  synonym: 8,
  derived: 6,
  broader: 4,
  narrower: 40,
};

export interface QueryTerm {
  readonly term: string;
  /** 1 for the question's own words (more for its focus), less for related terms (see RELATION_WEIGHTS). */
  readonly weight: number;
  readonly relation: Relation;
  /** The question word it came from. */
  readonly source: string;
  /** True for names of actors and places, which are never fuzzed. */
  readonly entity: boolean;
  /** True when the source word is a general English word (see COMMON_WORDS). */
  readonly common: boolean;
  /**
   * True when the source word is in the dictionary: it is spelt as meant, so typo
   * correction never turns it into another word ("actually" is not a typo of "factual").
   */
  readonly known: boolean;
}

export interface AnalyzerOptions {
  /** Word knowledge (base forms, related words, countries); default the bundled WordNet and gazetteer. */
  readonly lexicon?: Lexicon;
  /** Concept groups; default the gazetteer's countries and the domain table (aliases.ts). */
  readonly groups?: readonly AliasGroup[];
  /** Which of WordNet's relations add words to questions; default all four. */
  readonly relations?: readonly ("synonym" | "derived" | "broader" | "narrower")[];
  /** Index irregular forms under their base form too ("fled" as "flee"); default true. */
  readonly baseForms?: boolean;
  readonly stopWords?: ReadonlySet<string>;
  /** Weight of a concept term added for a question word that is not the concept itself. */
  readonly synonymWeight?: number;
  /**
   * Weight of the question's focus: the word right after "what", "which", "whose" or
   * "how many/much" ("What *information*…", "Which *ambassador*…"), which names what
   * the answer is about.
   */
  readonly focusWeight?: number;
}

const WH_WORDS = new Set(["what", "which", "whose"]);
const HOW_WORDS = new Set(["many", "much"]);

const TOKEN = /\p{N}{1,3}(?:,\p{N}{3})+(?:\.\p{N}+)?|(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;
/** What may stand between the words of a name phrase. */
const PHRASE_GAP = /^[ \t\n-]{1,3}$/;
const MAX_PHRASE_WORDS = 6;

function fold(word: string): string {
  return (
    word
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[’‘`]/g, "'")
      // "the 1990's" is the 1990s, a plural, not a possessive.
      .replace(/^(\d+)'s$/, "$1s")
      .replace(/'s$/, "")
      .replace(/'$/, "")
  );
}

function stem(word: string): string {
  return /^[a-z]+$/.test(word) ? stemmer(word) : word;
}

interface RawWord {
  surface: string;
  start: number;
  end: number;
  info: WordInfo;
}

/** What a word is, whatever its position: computed once per distinct spelling and remembered. */
interface WordInfo {
  /** The surface without dots or commas, for capitals-only aliases. */
  readonly bare: string;
  readonly folded: string;
  /** Its stemmed term; null for a stop word. */
  readonly term: string | null;
  /** Its alias group's concept, or its irregular base form's term, when that differs from `term`. */
  readonly concept: string | null;
  /** True when `concept` is the base form rather than an alias. */
  readonly isBase: boolean;
  /** The concept of a capitals-only alias ("US"), when written so. */
  readonly upper: string | null;
}

/** Distinct spellings remembered; a corpus has tens of thousands, so this bound is rarely reached. */
const WORD_CACHE_SIZE = 200_000;

export class Analyzer {
  readonly synonymWeight: number;
  readonly focusWeight: number;
  readonly lexicon: Lexicon;
  private readonly relations: readonly ("synonym" | "derived" | "broader" | "narrower")[];
  private readonly baseForms: boolean;
  private readonly stopWords: ReadonlySet<string>;
  private readonly phrases = new Map<string, { words: string[]; concept: string }[]>();
  private readonly upper = new Map<string, string>();
  private readonly words = new Map<string, string>();
  private readonly entities = new Set<string>();
  private readonly concepts = new Set<string>();
  /** Identifies the analysis settings, for keying saved indexes. */
  readonly fingerprint: string;

  constructor(options: AnalyzerOptions = {}) {
    this.lexicon = options.lexicon ?? new Lexicon();
    this.relations = options.relations ?? ["synonym", "derived", "broader", "narrower"];
    this.baseForms = options.baseForms ?? true;
    const groups = options.groups ?? aliasGroups(this.lexicon);
    this.stopWords = options.stopWords ?? STOP_WORDS;
    this.synonymWeight = options.synonymWeight ?? RELATION_WEIGHTS.alias;
    this.focusWeight = options.focusWeight ?? 1.5;
    for (const g of groups) {
      if (g.entity) this.entities.add(g.concept);
      for (const p of g.phrases ?? []) {
        const words = p.split(/[\s-]+/).map(fold);
        const first = words[0] as string;
        const list = this.phrases.get(first) ?? [];
        list.push({ words, concept: g.concept });
        list.sort((a, b) => b.words.length - a.words.length);
        this.phrases.set(first, list);
      }
      for (const u of g.upper ?? []) this.upper.set(u, g.concept);
      for (const w of g.words ?? []) {
        const f = fold(w);
        this.words.set(f, g.concept);
        this.words.set(stem(f), g.concept);
      }
      this.concepts.add(g.concept);
    }
    this.fingerprint = JSON.stringify({
      v: 5,
      groups,
      baseForms: this.baseForms,
      stop: [...this.stopWords].sort(),
      synonymWeight: this.synonymWeight,
      focusWeight: this.focusWeight,
    });
  }

  private readonly wordCache = new Map<string, WordInfo>();

  private wordInfo(surface: string): WordInfo {
    const hit = this.wordCache.get(surface);
    if (hit) return hit;
    const bare = surface.replace(/[.,]/g, "");
    const folded = /^[a-z0-9]+$/.test(bare) ? bare : fold(bare);
    // "DPRK's", "UN's": a possessive keeps the capitals' meaning.
    const caps = bare.replace(/['’]s$/u, "");
    const upper = /^\p{Lu}{2,}$/u.test(caps) ? (this.upper.get(caps) ?? null) : null;
    let term: string | null = null;
    let concept: string | null = null;
    let isBase = false;
    if (!this.stopWords.has(folded) && folded.length > 0) {
      term = stem(folded);
      const c = this.words.get(folded) ?? this.words.get(term) ?? null;
      concept = c === term ? null : c;
      if (concept === null && this.baseForms) {
        // "fled" is also indexed as "flee", "died" as "die", "colour" as "color", so either finds the other.
        const base = this.lexicon.lemma(folded);
        const baseTerm = base && !this.stopWords.has(base) ? stem(base) : null;
        if (baseTerm && baseTerm !== term) {
          concept = baseTerm;
          isBase = true;
        }
      }
    }
    const info = { bare, folded, term, concept, upper, isBase };
    if (this.wordCache.size >= WORD_CACHE_SIZE) this.wordCache.clear();
    this.wordCache.set(surface, info);
    return info;
  }

  private rawWords(text: string): RawWord[] {
    const out: RawWord[] = [];
    for (const m of text.matchAll(TOKEN)) {
      const surface = m[0];
      out.push({ surface, start: m.index, end: m.index + surface.length, info: this.wordInfo(surface) });
    }
    return out;
  }

  /** Splits text into tokens with their spans and terms, stop words included (with a null term). */
  tokenize(text: string): Token[] {
    const raw = this.rawWords(text);
    const tokens: Token[] = [];
    for (let i = 0; i < raw.length; i++) {
      const w = raw[i] as RawWord;
      const phrase = this.matchPhrase(text, raw, i);
      if (phrase) {
        const last = raw[i + phrase.words.length - 1] as RawWord;
        tokens.push({
          surface: text.slice(w.start, last.end),
          start: w.start,
          end: last.end,
          term: phrase.concept,
          concept: null,
        });
        i += phrase.words.length - 1;
        continue;
      }
      const info = w.info;
      // "the us" is the country even when typed in lower case.
      const theUs = info.folded === "us" && raw[i - 1]?.info.folded === "the" ? this.upper.get("US") : undefined;
      const named = info.upper ?? theUs;
      if (named) {
        tokens.push({ surface: w.surface, start: w.start, end: w.end, term: named, concept: null });
        continue;
      }
      tokens.push({ surface: w.surface, start: w.start, end: w.end, term: info.term, concept: info.concept });
    }
    return tokens;
  }

  private matchPhrase(text: string, raw: RawWord[], i: number): { words: string[]; concept: string } | null {
    const candidates = this.phrases.get((raw[i] as RawWord).info.folded);
    if (!candidates) return null;
    for (const c of candidates) {
      if (c.words.length > MAX_PHRASE_WORDS || i + c.words.length > raw.length) continue;
      let ok = true;
      for (let k = 1; k < c.words.length && ok; k++) {
        const prev = raw[i + k - 1] as RawWord;
        const cur = raw[i + k] as RawWord;
        ok = cur.info.folded === c.words[k] && PHRASE_GAP.test(text.slice(prev.end, cur.start));
      }
      if (ok) return c;
    }
    return null;
  }

  /** The terms a text is indexed under: each token's term and its concept. */
  terms(text: string): string[] {
    const out: string[] = [];
    for (const t of this.tokenize(text)) {
      if (t.term) out.push(t.term);
      if (t.concept) out.push(t.concept);
    }
    return out;
  }

  /**
   * The distinct terms of a question, each with its weight; a term keeps its highest
   * weight. Besides the question's own words: their base forms, the concepts of names,
   * and the words WordNet relates to them (which the index may not hold; callers keep
   * those it does).
   */
  queryTerms(question: string): QueryTerm[] {
    const byTerm = new Map<string, QueryTerm>();
    const add = (qt: QueryTerm) => {
      const had = byTerm.get(qt.term);
      if (!had || had.weight < qt.weight) byTerm.set(qt.term, qt);
    };
    const tokens = this.tokenize(question);
    const related: { token: Token; common: boolean }[] = [];
    tokens.forEach((t, i) => {
      if (!t.term) return;
      const common = COMMON_WORDS.has(t.surface.toLowerCase()) || COMMON_WORDS.has(t.term);
      const before = tokens[i - 1]?.surface.toLowerCase() ?? "";
      const focus = WH_WORDS.has(before) || (HOW_WORDS.has(before) && tokens[i - 2]?.surface.toLowerCase() === "how");
      const entity = this.entities.has(t.term);
      const known = common || this.lexicon.knows(fold(t.surface));
      add({
        term: t.term,
        weight: focus ? this.focusWeight : 1,
        relation: "own",
        source: t.surface,
        entity,
        common,
        known,
      });
      if (t.concept) {
        const isBase = !this.entities.has(t.concept) && !this.isConcept(t.concept);
        const relation: Relation = isBase ? "base" : "alias";
        add({
          term: t.concept,
          weight: isBase ? RELATION_WEIGHTS.base : this.synonymWeight,
          relation,
          source: t.surface,
          entity: this.entities.has(t.concept),
          common,
          known,
        });
      }
      if (this.relations.length && !entity && t.surface.length > 2) related.push({ token: t, common });
    });
    for (const { token, common } of related) {
      const found = this.lexicon.relatedTo(fold(token.surface));
      if (!found) continue;
      for (const relation of this.relations) {
        const words =
          relation === "synonym"
            ? found.synonyms
            : relation === "derived"
              ? found.derived
              : relation === "broader"
                ? found.broader
                : found.narrower;
        for (const w of words.slice(0, EXPANSIONS[relation])) {
          const info = this.wordInfo(w);
          if (!info.term || byTerm.get(info.term)?.relation === "own") continue;
          add({
            term: info.term,
            weight: RELATION_WEIGHTS[relation],
            relation,
            source: token.surface,
            entity: false,
            common,
            known: true,
          });
        }
      }
    }
    return [...byTerm.values()];
  }

  /** True for the concept term of an alias group ("northkorea", "russia"). */
  isConcept(term: string): boolean {
    return this.concepts.has(term);
  }

  /** True for concept terms of actors and places ("northkorea"). */
  isEntity(term: string): boolean {
    return this.entities.has(term);
  }
}
