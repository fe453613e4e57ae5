/**
 * Answers a question with up to three cited excerpts, best first, or says honestly
 * that the corpus has no answer and offers what it does cover.
 *
 * Where the answer is ranked: passages come from the index (BM25 over title, section
 * and text, with the question's related words); each sentence of the best passages,
 * alone or joined with the sentence before or after it, is a candidate excerpt, and
 * the ranking model (ranking-model.ts, weights fitted by `npm run train`) scores it
 * from its features (features.ts). The best candidates are shown, at most two of a
 * passage and never two sharing a sentence; near-duplicates collapse into the better
 * one. The model's probability for the best one decides whether the answer is confident.
 */
import type { Analyzer, QueryTerm, Relation } from "../search/analyzer.js";
import { RELATION_WEIGHTS } from "../search/analyzer.js";
import type { PassageIndex } from "../search/passage-index.js";
import {
  type AnswerResult,
  type Corpus,
  type CorpusDocument,
  citationOf,
  type Excerpt,
  MAX_EXCERPT_CHARS,
  type Passage,
  type Suggestions,
} from "../types.js";
import {
  type AnswerType,
  answerSpan,
  answerTypeOf,
  asksAboutArticle,
  bylineAsked,
  hasAnswerOfType,
  isStrictType,
  namesAnArticle,
  type StrictType,
  splitFrame,
} from "./answer-type.js";
import { clipSentence } from "./excerpt.js";
import {
  FEATURE_NAMES,
  type Features,
  featuresOf,
  isFragment,
  LEANS_BACK,
  type MatchKind,
  type QuestionWord,
} from "./features.js";
import { type AnalyzedSentence, addTermIds, NO_TERM, PassageAnalysis, TOKEN_INTS } from "./passage-analysis.js";
import { cleanQuestion } from "./question.js";
import { confidenceOf, DEFAULT_MODEL, type RankingModel, score } from "./ranking-model.js";
import { corpusTopics } from "./topics.js";

export interface AnswerOptions {
  /** Excerpts returned at most. */
  readonly maxAnswers: number;
  /** Passages from the index whose sentences are examined. */
  readonly candidates: number;
  /** Term overlap above which two excerpts count as saying the same thing. */
  readonly duplicateOverlap: number;
  /** Most distinct question terms searched; the rest of a very long question is ignored. */
  readonly maxTerms: number;
  /** The ranking model; default the one `npm run train` fitted. */
  readonly model: RankingModel;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = {
  maxAnswers: 3,
  candidates: 24,
  duplicateOverlap: 0.6,
  maxTerms: 48,
  model: DEFAULT_MODEL,
};

/** What the candidates of one passage share: its retrieval and what the question says of it. */
interface PassageFacts {
  readonly passageScore: number;
  readonly passageRank: number;
  readonly passageId: number;
  readonly unknownWords: number;
  readonly frameMatched: number;
  readonly byline: boolean;
}

/** A candidate excerpt with what ranking and confidence read. */
export interface Candidate {
  readonly text: string;
  readonly passageId: number;
  readonly features: Features;
  /** Words of the excerpt that matched, as written. */
  readonly matched: readonly string[];
  /** Every term of the excerpt, for near-duplicate checks. */
  readonly allTerms: ReadonlySet<number>;
  /** Specific question words it matched exactly, through related words or a typo correction. */
  readonly specificMatched: number;
  /** Question words it matched in any way but its heading, and how many the question has. */
  readonly matchedWords: number;
  readonly questionWords: number;
  /** Its first and last sentence in the passage, to keep two excerpts of one passage apart. */
  readonly sentences: readonly [number, number];
}

/** A candidate with the ranking model's score (log-odds). */
export interface RankedCandidate extends Candidate {
  readonly logOdds: number;
}

/** The question as the ranking reads it. */
/** How strong each kind of match is, for keeping the best per question word. */
const MATCH_RANK: Readonly<Record<NonNullable<MatchKind> | "none", number>> = {
  exact: 4,
  related: 3,
  fuzzy: 2,
  heading: 1,
  none: 0,
};

/** What one sentence holds of the question. */
interface SentenceFacts {
  readonly text: string;
  /** Per question word, its best match here. */
  readonly matches: readonly MatchKind[];
  readonly relatedWeight: readonly number[];
  /** Tokens that matched a question term. */
  readonly matchedTokens: number;
  /** The sentence as PassageAnalysis packs it. */
  readonly sentence: AnalyzedSentence;
  /** Ids of terms the question does not have, each once. */
  readonly novel: readonly number[];
  /** The question word each content token matches (-1 for none), in order. */
  readonly sequence: readonly number[];
  /** Quotation marks opened and not closed (an odd count of straight ones counts 1). */
  readonly openQuotes: number;
  readonly typeFound: boolean | null;
  /** It opens by pointing back to the sentence before (LEANS_BACK). */
  readonly leansBack: boolean;
  /** A reference-list entry, caption or other fragment (isFragment). */
  readonly fragment: boolean;
}

/** What an asker says of a clause they are unsure of ("the Westminster accord or something"). */
const HEDGES = "or something|or so|or whatever|or other|or similar|i think|i believe";
const HEDGE = new RegExp(String.raw`\(|\b(?:${HEDGES})\b`, "i");
/** An aside in brackets, or a hedged clause. */
const GUESS = new RegExp(String.raw`\([^)]*\)|[^,;(]*\b(?:${HEDGES})\b`, "gi");

/**
 * What a question about an article's byline asks that the article does not give: "where it
 * was published" for "which outlet…" of an article without one, "who wrote it" for "who
 * wrote…" of an unsigned one, "who wrote or published it" of one with neither; null when
 * the article gives what is asked.
 */
function missingByline(question: string, doc: CorpusDocument): string | null {
  if (!doc.author && !doc.outlet) return "who wrote or published it";
  const asked = bylineAsked(question);
  if (asked.outlet && !asked.author && !doc.outlet) return "where it was published";
  if (asked.author && !asked.outlet && !doc.author) return "who wrote it";
  return null;
}

/** The words (lower case) of a question's asides and guesses: a name there the corpus lacks does not make the question unanswerable. */
function guessedWords(question: string): Set<string> {
  const out = new Set<string>();
  // The clause pattern backtracks over a long question; most have no aside or hedge at all.
  if (!HEDGE.test(question)) return out;
  for (const m of question.matchAll(GUESS))
    for (const w of m[0].toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? []) out.add(w);
  return out;
}

const SHAPE_KNOWN = 1;
const LEANS = 2;
const FRAGMENT = 4;

/**
 * Whether a sentence leans on the one before and whether it is a fragment, as bits: the
 * same for every question, so worked out once per memoised sentence (the two patterns
 * were a tenth of an answer's time at 5,000 passages).
 */
function sentenceShape(s: AnalyzedSentence): number {
  if (s.shape === 0) {
    s.shape = SHAPE_KNOWN | (LEANS_BACK.test(s.text) ? LEANS : 0) | (isFragment(s.text) ? FRAGMENT : 0);
  }
  return s.shape;
}

/** What an index term is to the question: the word it answers, how, and how much it counts. */
interface AskedTerm {
  readonly word: number;
  readonly kind: Exclude<MatchKind, "heading" | null>;
  readonly weight: number;
  readonly relation: Relation;
  readonly entity: boolean;
  /** The question word as written. */
  readonly source: string;
  /** A dictionary word (see QueryTerm.known). */
  readonly known: boolean;
}

interface AskedQuestion {
  readonly words: QuestionWord[];
  /** Index term → the question word it answers, how it matches, its weight, and the word as written. */
  readonly termOf: Map<string, AskedTerm>;
  /** The question's words in the order asked (indexes into `words`). */
  readonly order: readonly number[];
  /** Terms of the question's frame, to find in headings and titles. */
  readonly frameTerms: readonly string[];
  /** The question asks who wrote or published an article. */
  readonly aboutArticle: boolean;
  /** It calls the document an article, piece or report, so its other words may name one by its title. */
  readonly callsItAnArticle: boolean;
  readonly type: AnswerType;
  /** Lower-case question words as written, to tell new information from repetition. */
  readonly asked: ReadonlySet<string>;
  /** Ids of the question's terms, to tell new information from repetition. */
  readonly askedIds: ReadonlySet<number>;
  /**
   * termOf by term id (see PassageAnalysis.ids), for reading analysed sentences; filled in
   * once the index has added its typo corrections.
   */
  readonly byId: Map<number, AskedTerm>;
  /** Per question word, the word as written when it reads as a name (capitalised inside the question, not a known alias); else null. */
  readonly names: readonly (string | null)[];
}

function overlap<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  // Against the larger set: a short takeaway inside a longer excerpt is not a duplicate of it.
  return shared / Math.max(1, a.size, b.size);
}

const WH = /^(?:what|which|whose|who|whom)$/i;

/**
 * Related words searched per question word, at most: a large corpus has most of a word's
 * 40 narrower terms, and each one searched costs time for little gain.
 */
const MAX_RELATED_PER_WORD = 8;

/** Nouns that name a part of an article ("section", "piece"): a frame's other words say which. */
const FRAME_NOUNS = "piece article section report story part paragraph passage opening";
const HOW_MUCH = /^(?:many|much)$/i;
const HOW_MEASURE = /\bhow\s+(?:long|far|old|big|tall|large|high|often|wide|deep|heavy|fast)\b/gi;

const STRICT_TYPE_MISSED = FEATURE_NAMES.indexOf("typeMissStrict");

/**
 * The excerpts to show, best first by the model: at most two of a passage, never two
 * sharing a sentence, near-duplicates of a better one left out; the probability that
 * the best one answers the question; and the best excerpt of another passage, which
 * that probability reads.
 */
export function chooseAnswers(
  all: readonly Candidate[],
  options: Pick<AnswerOptions, "model" | "maxAnswers" | "duplicateOverlap">,
): { kept: RankedCandidate[]; confidence: number; rival: { logOdds: number } | null } {
  // A question that asks for a number, a date or a duration is answered only by an excerpt
  // that holds one: "How many troops…" is not answered by "North Korea sent troops…".
  const scored: { c: Candidate; s: number }[] = [];
  for (const c of all)
    if (c.features[STRICT_TYPE_MISSED] !== 1) scored.push({ c, s: score(options.model, c.features) });
  scored.sort((a, b) => b.s - a.s || a.c.passageId - b.c.passageId || a.c.sentences[0] - b.c.sentences[0]);
  const kept: { c: Candidate; s: number }[] = [];
  for (const r of scored) {
    if (kept.length >= options.maxAnswers) break;
    // A second excerpt of the same passage is shown when it says something else (a long
    // paragraph often answers in another sentence than the one that matched best), a third is not.
    const same = kept.filter((k) => k.c.passageId === r.c.passageId);
    if (same.length >= MAX_EXCERPTS_PER_PASSAGE || same.some((k) => sharesSentence(k.c, r.c))) continue;
    if (!kept.some((k) => isDuplicate(r, k, options))) kept.push(r);
  }
  // Confidence reads how far the answer stands above the best excerpt of another passage.
  const top = kept[0];
  const rival = top
    ? scored.find((r) => r.c.passageId !== top.c.passageId && !isDuplicate(r, top, options))
    : undefined;
  const rankedKept = kept.map((k) => rankedCandidate(k.c, k.s));
  const against = rival ? { logOdds: rival.s } : null;
  const confidence = rankedKept[0] ? confidenceOf(options.model, rankedKept[0], against) : 0;
  return { kept: rankedKept, confidence, rival: against };
}

const MAX_EXCERPTS_PER_PASSAGE = 2;

function sharesSentence(a: Candidate, b: Candidate): boolean {
  return a.sentences[0] <= b.sentences[1] && b.sentences[0] <= a.sentences[1];
}

function isDuplicate(
  a: { c: Candidate },
  b: { c: Candidate },
  options: Pick<AnswerOptions, "duplicateOverlap">,
): boolean {
  return overlap(a.c.allTerms, b.c.allTerms) >= options.duplicateOverlap;
}

/**
 * A candidate excerpt. What only the shown excerpts need (the words it matched as
 * written, its terms for the duplicate check) is worked out when first read: most
 * candidates are never shown.
 */
class ExcerptCandidate implements Candidate {
  #matched: string[] | null = null;
  #allTerms: Set<number> | null = null;
  #text: string | null;

  constructor(
    /** Null for the parts' sentences joined, worked out when read. */
    text: string | null,
    readonly passageId: number,
    readonly features: Features,
    readonly specificMatched: number,
    readonly matchedWords: number,
    readonly questionWords: number,
    readonly sentences: readonly [number, number],
    private readonly parts: readonly SentenceFacts[],
    private readonly asked: ReadonlyMap<number, AskedTerm>,
  ) {
    this.#text = text;
  }

  get text(): string {
    this.#text ??= this.parts.map((p) => p.text).join(" ");
    return this.#text;
  }

  get matched(): readonly string[] {
    if (!this.#matched) {
      // The words as written, each once whatever its case.
      const byLowerCase = new Map<string, string>();
      for (const { sentence: s } of this.parts) {
        for (let at = s.from; at < s.to; at += TOKEN_INTS) {
          const term = s.tokens[at] as number;
          const concept = s.tokens[at + 1] as number;
          if (term === NO_TERM || !(this.asked.has(term) || (concept !== NO_TERM && this.asked.has(concept)))) continue;
          const surface = s.text.slice(s.tokens[at + 2], s.tokens[at + 3]);
          const key = surface.toLowerCase();
          if (!byLowerCase.has(key)) byLowerCase.set(key, surface);
        }
      }
      this.#matched = [...byLowerCase.values()];
    }
    return this.#matched;
  }

  get allTerms(): ReadonlySet<number> {
    if (!this.#allTerms) {
      const terms = new Set<number>();
      for (const { sentence } of this.parts) addTermIds(sentence, terms);
      this.#allTerms = terms;
    }
    return this.#allTerms;
  }
}

/** A candidate with its score, its lazily worked-out parts read now (it is one of the few kept). */
function rankedCandidate(c: Candidate, logOdds: number): RankedCandidate {
  return {
    text: c.text,
    passageId: c.passageId,
    features: c.features,
    matched: c.matched,
    allTerms: c.allTerms,
    specificMatched: c.specificMatched,
    matchedWords: c.matchedWords,
    questionWords: c.questionWords,
    sentences: c.sentences,
    logOdds,
  };
}

/**
 * Ranking scores (log-odds) within which a second or third excerpt is "related" to the
 * answer and shown; further below it is "weak" and only in the JSON. On the development
 * sets a gap of 3 keeps 58 of the 63 gold excerpts found at rank 2 or 3 and hides 70% of
 * the others.
 */
export const RELATED_GAP = 3;

export class Answerer {
  private readonly docs;
  private topicCache: { term: string; label: string }[] | null = null;
  private analysis: PassageAnalysis;
  private readonly titles = new Map<string, ReadonlySet<string>>();
  private readonly names = new Map<string, ReadonlySet<string>>();
  private readonly frameNouns: ReadonlySet<string>;
  private readonly marks = new IdMarks();

  constructor(
    private readonly corpus: Corpus,
    private readonly index: PassageIndex,
    private readonly analyzer: Analyzer,
    readonly options: AnswerOptions = DEFAULT_ANSWER_OPTIONS,
  ) {
    this.docs = new Map(corpus.documents.map((d) => [d.id, d]));
    this.analysis = new PassageAnalysis(analyzer);
    this.frameNouns = new Set(analyzer.terms(FRAME_NOUNS));
  }

  /**
   * Takes over another answerer's topics (0.45 s to work out at 50,000 passages): a few
   * added articles barely change what a large corpus is about, and a rebuild works them
   * out afresh.
   */
  inheritTopics(from: Answerer): void {
    this.topicCache ??= from.topicCache;
  }

  /**
   * Takes over another answerer's analysed passages, those of removed ones forgotten:
   * passages keep their ids when articles are added or removed, so what was read of
   * the ones that stay holds, and an added article does not mean reading the corpus again.
   */
  inheritAnalysis(from: Answerer, removed: readonly number[]): void {
    if (from.analyzer !== this.analyzer) return;
    from.analysis.forget(removed);
    this.analysis = from.analysis;
  }

  /** Passages whose words are read and remembered now. */
  analysedPassages(): number {
    return this.analysis.size;
  }

  /** Reads the corpus's passages ahead of questions, in steps (see PassageAnalysis.readAheadSteps). */
  readAheadSteps(): Generator<void, void> {
    return this.analysis.readAheadSteps(this.corpus.passages);
  }

  answer(question: string): AnswerResult {
    const cleaned = cleanQuestion(question);
    const query = cleaned.text;
    const notAnswered = (notice: string, near: readonly string[] = []): AnswerResult => ({
      query,
      confident: false,
      answers: [],
      notice: cleaned.notice ? `${cleaned.notice} ${notice}` : notice,
      suggestions: this.suggestions(near),
    });

    if (this.corpus.passages.length === 0) {
      return notAnswered("The corpus is empty: no articles are loaded, so there is nothing to answer from.");
    }
    if (query === "") return notAnswered("Ask a question about North Korea and Russia, in a few words.");
    const ranked = this.candidates(query);
    if (ranked === null) {
      const hasLetters = /[\p{L}\p{N}]/u.test(query);
      return notAnswered(
        hasLetters
          ? "Your question has only very common words; add what it is about (a name, a place, an event)."
          : "Your question has no words to search for.",
      );
    }
    if (ranked.unknownNames.length > 0) {
      const list = ranked.unknownNames.map((n) => `"${n}"`);
      return notAnswered(
        `The corpus never mentions ${list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}`}, so it cannot answer this.`,
      );
    }
    if (ranked.unsigned) {
      return notAnswered(`“${ranked.unsigned.title}” does not say ${ranked.unsigned.missing}.`);
    }
    const { kept, confidence } = chooseAnswers(ranked.all, this.options);
    const top = kept[0];
    // Topics near what did match lead the suggestions of a reply that is not an answer.
    const near = top
      ? [...top.allTerms].map((id) => this.analysis.ids.term(id)).filter((t) => ranked.searched.has(t))
      : [];
    if (!top && ranked.all.length > 0 && ranked.type !== null) {
      return notAnswered(
        `The corpus has passages on this, but none of them gives the ${ranked.type} you asked for.`,
        near,
      );
    }
    if (!top || top.matchedWords === 0) {
      // "북한 러시아", "Путин Ким": the articles are in English, and so are their names.
      const foreign = /\p{L}/u.test(query) && !/\p{Script=Latin}/u.test(query);
      return notAnswered(
        foreign
          ? "The corpus is in English and has nothing matching these words: ask in English, with names in Latin letters (Kim Jong Un, Pyongyang)."
          : "The corpus has nothing on this.",
        near,
      );
    }
    if (top.specificMatched === 0) {
      return notAnswered("The corpus matches only general words of your question, not what it is about.", near);
    }
    if (confidence < this.options.model.threshold) {
      return notAnswered("The corpus touches on parts of your question but does not answer it.", near);
    }
    const excerpts = kept.map((k) => this.toExcerpt(k));
    const best = excerpts[0]?.score ?? 0;
    const asked = new Set(
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    );
    return {
      query,
      confident: true,
      answers: excerpts.map((e, i) => ({
        ...e,
        standing: i === 0 ? "answer" : best - e.score <= RELATED_GAP ? "related" : "weak",
        highlight: this.highlightOf(e, ranked.type, asked),
      })),
      notice: cleaned.notice,
      suggestions: null,
    };
  }

  /**
   * The few words of an excerpt worth bold: the span that answers the asked type ("at
   * least 10,000", "October 2024"), else the two rarest words it matched.
   */
  private highlightOf(e: Excerpt, type: AnswerType | null, asked: ReadonlySet<string>): string[] {
    const span = type ? answerSpan(type, e.excerpt, asked) : null;
    if (span) return [span];
    const rarity = (w: string) => Math.max(0, ...this.analyzer.terms(w).map((t) => this.index.idf(t)));
    return [...e.matched].sort((a, b) => rarity(b) - rarity(a)).slice(0, 2);
  }

  /**
   * Every candidate excerpt for a question with its features (chooseAnswers scores them); null when the
   * question has no words to search. The training script reads these too, so the model
   * is fitted on exactly what answering sees.
   */
  candidates(query: string): {
    all: Candidate[];
    searched: ReadonlySet<string>;
    type: StrictType | null;
    /** Names in the question the corpus never mentions ("Lavrov", "Kursk"). */
    unknownNames: readonly string[];
    /** The title of the article a question about its author or outlet names, when it names neither. */
    unsigned: { title: string; missing: string } | null;
  } | null {
    const asked = this.askedQuestion(query);
    if (!asked) return null;
    const terms = [...asked.termOf.keys()];
    const queryTerms: QueryTerm[] = terms.map((term) => {
      const t = asked.termOf.get(term) as AskedTerm;
      const w = asked.words[t.word] as QuestionWord;
      return {
        term,
        weight: t.weight,
        relation: t.relation,
        source: t.source,
        entity: t.entity,
        common: !w.specific,
        known: t.known,
      };
    });
    const { hits, weights, queryTermOf } = this.index.search(queryTerms, this.options.candidates);
    // Typo corrections the index made count for the word they correct.
    for (const [term, of] of queryTermOf) {
      if (asked.termOf.has(term)) continue;
      const original = asked.termOf.get(of);
      if (original) {
        // Written out in the order the question's own terms have, so every term has one shape
        // and the code reading them is not deoptimised by the first typo.
        asked.termOf.set(term, {
          word: original.word,
          kind: "fuzzy",
          weight: weights.get(term) ?? 0.5,
          relation: original.relation,
          entity: original.entity,
          source: original.source,
          known: original.known,
        });
      }
    }
    for (const [term, m] of asked.termOf) {
      const id = this.termId(term);
      if (id !== undefined) asked.byId.set(id, m);
    }
    const known = new Set<number>();
    for (const [term, m] of asked.termOf) if (this.index.has(term)) known.add(m.word);
    const specific = asked.words.filter((w) => w.specific).length;
    const unknownWords = specific ? asked.words.filter((w, i) => w.specific && !known.has(i)).length / specific : 0;
    const searched = new Set(weights.keys());
    const type = isStrictType(asked.type) ? asked.type : null;
    // A name the corpus never uses, in any spelling a typo correction reaches: nothing in it is about that name.
    const unknownNames = asked.names.filter(
      (n, i): n is string =>
        n !== null &&
        !known.has(i) &&
        ![...asked.termOf].some(([term, m]) => m.word === i && m.relation === "own" && this.index.mayKnow(term)),
    );
    const named = asked.aboutArticle && asked.callsItAnArticle ? this.articleNamed(asked, hits) : null;
    // "Who wrote the Dangerous Partnership article?" of an article with no byline: another's is no answer.
    // Asked who published an article that names no outlet (or who wrote one with no byline), or both of one with neither.
    const missing = named ? missingByline(query, named) : null;
    const unsigned = named && missing ? { title: named.title, missing } : null;
    // Either is declined whatever the passages say, so none is read.
    if (unknownNames.length > 0 || unsigned) return { all: [], searched, type, unknownNames, unsigned };
    // "What does the forge-alliance piece say…": a frame naming one article's title better
    // than any other's keeps the answer in that article.
    const framed = asked.frameTerms.length ? this.framedArticle(asked.frameTerms, hits) : null;
    const read = framed ? hits.filter((h) => h.passage.docId === framed) : hits;
    const topScore = read[0]?.score ?? 0;
    const all: Candidate[] = [];
    read.forEach((hit, rank) => {
      // An article's byline (title, author, outlet, date) answers only a question about the
      // article, and only that article's byline when the question names one by its title.
      if (hit.passage.kind === "meta" && (!asked.aboutArticle || (named && hit.passage.docId !== named.id))) return;
      const analyzed = this.analysis.get(hit.passage);
      const heading = analyzed.headingTerms;
      const passageScore = topScore > 0 ? hit.score / topScore : 0;
      const frameMatched = asked.frameTerms.length ? this.frameShare(asked.frameTerms, hit.passage.docId, heading) : 0;
      const passage = {
        passageScore,
        passageRank: rank,
        passageId: hit.passage.id,
        unknownWords,
        frameMatched,
        byline: asked.aboutArticle && hit.passage.kind === "meta",
      };
      this.addCandidates(all, analyzed.sentences, asked, heading, passage);
    });
    return { all, searched, type, unknownNames, unsigned };
  }

  /**
   * The article a question about an article names by its title: the one among the hits
   * whose title holds the most of the question's specific words (the first found on a tie);
   * null when no title holds any.
   */
  private articleNamed(asked: AskedQuestion, hits: readonly { passage: Passage }[]): CorpusDocument | null {
    const specific: string[] = [];
    for (const [term, m] of asked.termOf)
      if (m.relation === "own" && asked.words[m.word]?.specific) specific.push(term);
    let best: CorpusDocument | null = null;
    let most = 0;
    const seen = new Set<string>();
    for (const { passage } of hits) {
      if (seen.has(passage.docId)) continue;
      seen.add(passage.docId);
      // "Dil Bar Irshad's article" names it by its author as well as "the fortify piece" by its title.
      const named = this.nameTerms(passage.docId);
      const shared = specific.filter((t) => named.has(t)).length;
      if (shared > most) {
        most = shared;
        best = this.docs.get(passage.docId) ?? null;
      }
    }
    return best;
  }

  private askedQuestion(query: string): AskedQuestion | null {
    const framed = splitFrame(query);
    // "According to the key takeaways, what…": the frame is looked for in headings and titles, the rest in the text.
    const frameTerms = framed.frame ? this.analyzer.terms(framed.frame).filter((t) => !this.frameNouns.has(t)) : [];
    // "How long", "how far", "how old" ask for a measure: the adjective is the question's
    // frame, as "many" is in "how many", not a word to find ("long" is "yearn" to WordNet).
    const searched = framed.question.replace(HOW_MEASURE, "how");
    const raw = this.analyzer.queryTerms(searched).slice(0, this.options.maxTerms);
    const own = raw.filter((t) => t.relation === "own");
    if (own.length === 0) return null;
    const tokens = this.analyzer.tokenize(searched);
    const focusSources = new Set<string>();
    tokens.forEach((t, i) => {
      const before = tokens[i - 1]?.surface ?? "";
      if (t.term && (WH.test(before) || (HOW_MUCH.test(before) && /^how$/i.test(tokens[i - 2]?.surface ?? "")))) {
        focusSources.add(t.surface);
      }
    });
    const sources = [...new Set(own.map((t) => t.source.toLowerCase()))];
    const wordOf = new Map(sources.map((s, i) => [s, i]));
    const first = tokens[0]?.surface;
    // A word that is an alias of an actor ("Kremlin's" for Russia) is known whatever else its terms are.
    const isActor = (term: string | null) => term !== null && this.analyzer.isConcept(term);
    const entities = new Set(
      tokens.filter((t) => isActor(t.term) || isActor(t.concept)).map((t) => t.surface.toLowerCase()),
    );
    const guessed = guessedWords(searched);
    const names = sources.map((s) => {
      const t = own.find((o) => o.source.toLowerCase() === s) as QueryTerm;
      const named = /^\p{Lu}/u.test(t.source) && /^\p{Script=Latin}+/u.test(t.source);
      return named && t.source !== first && !entities.has(s) && !guessed.has(s) ? t.source : null;
    });
    const words: QuestionWord[] = sources.map((s) => {
      const t = own.find((o) => o.source.toLowerCase() === s) as QueryTerm;
      return {
        weight: this.index.idf(t.term) * (t.common ? 0.5 : 1),
        specific: !t.common,
        focus: [...focusSources].some((f) => f.toLowerCase() === s),
        figure: /\d/.test(s),
        entity: own.some((o) => o.source.toLowerCase() === s && o.entity),
      };
    });
    const termOf: AskedQuestion["termOf"] = new Map();
    const relatedPerWord = new Map<number, number>();
    // The closest relations first, so the cap below keeps synonyms and derived forms over narrower terms.
    const byCloseness = [...raw].sort((a, b) => RELATION_WEIGHTS[b.relation] - RELATION_WEIGHTS[a.relation]);
    for (const t of byCloseness) {
      const word = wordOf.get(t.source.toLowerCase());
      if (word === undefined) continue;
      // Related words the corpus does not use cannot match; leaving them out keeps the search small.
      if (t.relation !== "own" && !this.index.has(t.term)) continue;
      if (t.relation !== "own" && t.relation !== "base") {
        const n = relatedPerWord.get(word) ?? 0;
        if (n >= MAX_RELATED_PER_WORD) continue;
        relatedPerWord.set(word, n + 1);
      }
      const kind = t.relation === "own" || t.relation === "base" ? "exact" : "related";
      const weight = t.relation === "own" ? 1 : RELATION_WEIGHTS[t.relation];
      const had = termOf.get(t.term);
      if (!had || had.weight < weight) {
        termOf.set(t.term, {
          word,
          kind,
          weight,
          relation: t.relation,
          entity: t.entity,
          source: t.source,
          known: t.known,
        });
      }
    }
    const order = tokens.flatMap((t) => {
      const w = wordOf.get(t.surface.toLowerCase());
      return t.term && w !== undefined ? [w] : [];
    });
    const askedWords = new Set(tokens.map((t) => t.surface.toLowerCase().replace(/[’']s$/, "")));
    const askedIds = new Set<number>();
    for (const t of raw) {
      const id = this.termId(t.term);
      if (id !== undefined) askedIds.add(id);
    }
    return {
      words,
      termOf,
      order,
      type: answerTypeOf(framed.question),
      asked: askedWords,
      askedIds,
      byId: new Map(),
      frameTerms,
      aboutArticle: asksAboutArticle(query),
      callsItAnArticle: namesAnArticle(query),
      names,
    };
  }

  /** Adds each sentence alone and joined with its neighbours to `all`, as scored candidates. */
  private addCandidates(
    all: Candidate[],
    sentences: readonly AnalyzedSentence[],
    asked: AskedQuestion,
    heading: ReadonlySet<string>,
    passage: PassageFacts,
  ): void {
    // Each sentence is read once; a window of two adds up its sentences' facts.
    const facts = sentences.map((s) => this.sentenceFacts(s, asked));
    // The question words the heading matches, the same for every candidate of the passage.
    const headingWords: number[] = [];
    for (const term of heading) {
      const m = asked.termOf.get(term);
      if (m) headingWords.push(m.word);
    }
    const inPassage = new Uint8Array(asked.words.length);
    for (const f of facts) for (let w = 0; w < f.matches.length; w++) if (f.matches[w]) inPassage[w] = 1;
    for (const w of headingWords) inPassage[w] = 1;
    let covered = 0;
    for (const x of inPassage) covered += x;
    const passageCoverage = asked.words.length ? covered / asked.words.length : 0;
    for (let i = 0; i < sentences.length; i++) {
      const s = sentences[i] as AnalyzedSentence;
      if ((facts[i] as SentenceFacts).matchedTokens === 0) continue;
      const prev = sentences[i - 1];
      const next = sentences[i + 1];
      const prevFits = prev !== undefined && prev.text.length + s.text.length + 1 <= MAX_EXCERPT_CHARS;
      const nextFits = next !== undefined && next.text.length + s.text.length + 1 <= MAX_EXCERPT_CHARS;
      const windows: [number, number][] = [];
      // A sentence that leans on the one before ("During the visit, …") or leads into the next
      // (a lead-in ending in ":", or a quotation that follows) is shown with it, never alone.
      if (prevFits && (facts[i] as SentenceFacts).leansBack) windows.push([i - 1, i]);
      else if (nextFits && (/:$/.test(s.text) || /^["“]/.test((next as AnalyzedSentence).text)))
        windows.push([i, i + 1]);
      else {
        windows.push([i, i]);
        if (prevFits) windows.push([i - 1, i]);
        if (nextFits) windows.push([i, i + 1]);
      }
      // Quotations stay whole: a window that cuts one is kept only when no window around the sentence closes it.
      const whole = windows.filter(([from, to]) => {
        let quotes = 0;
        for (let k = from; k <= to; k++) quotes += (facts[k] as SentenceFacts).openQuotes;
        return quotes === 0;
      });
      for (const [from, to] of whole.length ? whole : windows) {
        all.push(this.candidate(sentences, facts, from, to, i, asked, headingWords, passage, passageCoverage));
      }
    }
  }

  /** What a sentence (or a clipped one) holds of the question, worked out once per question. */
  private sentenceFacts(sentence: AnalyzedSentence, asked: AskedQuestion): SentenceFacts {
    const { text, tokens, openQuotes } = sentence;
    const matches: MatchKind[] = new Array(asked.words.length).fill(null);
    const relatedWeight: number[] = new Array(asked.words.length).fill(0);
    let matchedTokens = 0;
    const novel: number[] = [];
    this.marks.next();
    const sequence: number[] = [];
    for (let at = sentence.from; at < sentence.to; at += TOKEN_INTS) {
      const term = tokens[at] as number;
      const concept = tokens[at + 1] as number;
      if (term === NO_TERM) continue;
      let wordHere = -1;
      for (let k = 0; k < 2; k++) {
        const id = k === 0 ? term : concept;
        if (id === NO_TERM) continue;
        const m = asked.byId.get(id);
        if (!m) continue;
        wordHere = m.word;
        matchedTokens++;
        if (MATCH_RANK[m.kind] > MATCH_RANK[matches[m.word] ?? "none"]) matches[m.word] = m.kind;
        if (m.kind === "related") relatedWeight[m.word] = Math.max(relatedWeight[m.word] ?? 0, m.weight);
      }
      sequence.push(wordHere);
      if (wordHere < 0 && !asked.askedIds.has(term) && this.marks.mark(term)) novel.push(term);
    }
    const typed = asked.type !== "other" && asked.type !== "yesno";
    return {
      text,
      matches,
      relatedWeight,
      matchedTokens,
      sentence,
      novel,
      sequence,
      openQuotes,
      typeFound: typed ? hasAnswerOfType(asked.type, text, asked.asked) : null,
      // Read only of sentences that can be a candidate's core: those that match.
      leansBack: matchedTokens > 0 && (sentenceShape(sentence) & LEANS) !== 0,
      fragment: matchedTokens > 0 && (sentenceShape(sentence) & FRAGMENT) !== 0,
    };
  }

  private candidate(
    sentences: readonly AnalyzedSentence[],
    facts: readonly SentenceFacts[],
    from: number,
    to: number,
    core: number,
    asked: AskedQuestion,
    headingWords: readonly number[],
    passage: PassageFacts,
    passageCoverage: number,
  ): Candidate {
    const coreSentence = sentences[core] as AnalyzedSentence;
    let parts = facts.slice(from, to + 1);
    let chars = parts.length - 1;
    for (const p of parts) chars += p.text.length;
    let clipped: string | null = null;
    if (chars > MAX_EXCERPT_CHARS) {
      // Only a single sentence can be too long: windows of two are made only when they fit.
      const weights = new Map([...asked.termOf].map(([term, m]) => [term, m.weight]));
      clipped = clipSentence(coreSentence.text, this.analyzer.tokenize(coreSentence.text), weights);
      chars = clipped.length;
      parts = [this.sentenceFacts(this.analysis.sentence(clipped), asked)];
    }
    const one = parts.length === 1 ? (parts[0] as SentenceFacts) : null;
    let matches: readonly MatchKind[];
    if (one && headingWords.length === 0) matches = one.matches;
    else {
      const best: MatchKind[] = new Array(asked.words.length).fill(null);
      for (const p of parts)
        for (let w = 0; w < best.length; w++) {
          const m = p.matches[w] ?? null;
          if (MATCH_RANK[m ?? "none"] > MATCH_RANK[best[w] ?? "none"]) best[w] = m;
        }
      for (const w of headingWords) best[w] ??= "heading";
      matches = best;
    }
    const relatedWeight = one
      ? one.relatedWeight
      : asked.words.map((_, w) => maxOver(parts, (p) => p.relatedWeight[w]));
    const sequence = one ? one.sequence : ([] as number[]).concat(...parts.map((p) => p.sequence));
    const novel = one ? one.novel.length : this.distinctCount(parts.map((p) => p.novel));
    let specificMatched = 0;
    let matchedWordCount = 0;
    for (let i = 0; i < asked.words.length; i++) {
      const m = matches[i];
      if (m === "exact" || m === "related" || m === "fuzzy") {
        matchedWordCount++;
        if (asked.words[i]?.specific) specificMatched++;
      }
    }
    let typeFound: boolean | null = parts[0]?.typeFound === null ? null : false;
    for (const p of parts) if (p.typeFound === true) typeFound = true;
    const features = featuresOf({
      words: asked.words,
      matches,
      relatedWeight,
      passageScore: passage.passageScore,
      passageRank: passage.passageRank,
      typeFound,
      novelWords: novel,
      sequence,
      chars,
      joined: to > from,
      leansBack: from === core && (facts[core] as SentenceFacts).leansBack,
      fragment: (facts[core] as SentenceFacts).fragment,
      firstSentence: from === 0,
      bigrams: bigramShare(sequence, asked.order),
      passageCoverage,
      strictType: isStrictType(asked.type),
      unknownWords: passage.unknownWords,
      frameMatched: passage.frameMatched,
      bylineAsked: passage.byline,
    });
    return new ExcerptCandidate(
      clipped,
      passage.passageId,
      features,
      specificMatched,
      matchedWordCount,
      asked.words.length,
      [from, to],
      parts,
      asked.byId,
    );
  }

  /** How many distinct ids the lists hold between them. */
  private distinctCount(lists: readonly (readonly number[])[]): number {
    this.marks.next();
    let n = 0;
    for (const list of lists) for (const id of list) if (this.marks.mark(id)) n++;
    return n;
  }

  /**
   * A term's id in the analysed passages; a question term no passage has shown yet is
   * numbered only when the index holds it (a term the index lacks matches no passage),
   * so questions cannot grow the dictionary without bound.
   */
  private termId(term: string): number | undefined {
    return this.analysis.ids.idOf(term) ?? (this.index.has(term) ? this.analysis.ids.intern(term) : undefined);
  }

  /** The article among the hits whose title holds at least half the frame's terms, more than any other's; null if none. */
  private framedArticle(frame: readonly string[], hits: readonly { passage: Passage }[]): string | null {
    let best: string | null = null;
    let most = 0;
    let second = 0;
    for (const docId of new Set(hits.map((h) => h.passage.docId))) {
      const title = this.titleTerms(docId);
      const share = frame.filter((t) => title.has(t)).length / frame.length;
      if (share > most) {
        second = most;
        most = share;
        best = docId;
      } else if (share > second) second = share;
    }
    return most >= 0.5 && most > second ? best : null;
  }

  /** Share of a question's frame terms in a passage's heading or its document's title. */
  private frameShare(frame: readonly string[], docId: string, heading: ReadonlySet<string>): number {
    const title = this.titleTerms(docId);
    return frame.filter((t) => heading.has(t) || title.has(t)).length / frame.length;
  }

  /** A document's title and author terms, worked out once: what a question about its byline may name it by. */
  private nameTerms(docId: string): ReadonlySet<string> {
    let terms = this.names.get(docId);
    if (!terms) {
      terms = new Set([...this.titleTerms(docId), ...this.analyzer.terms(this.docs.get(docId)?.author ?? "")]);
      this.names.set(docId, terms);
    }
    return terms;
  }

  /** A document's title terms, worked out once. */
  private titleTerms(docId: string): ReadonlySet<string> {
    let terms = this.titles.get(docId);
    if (!terms) {
      terms = new Set(this.analyzer.terms(this.docs.get(docId)?.title ?? ""));
      this.titles.set(docId, terms);
    }
    return terms;
  }

  private toExcerpt(c: RankedCandidate): Excerpt {
    const p = this.corpus.passages[c.passageId];
    if (!p) throw new Error(`answer: passage ${c.passageId} is not in the corpus`);
    const doc = this.docs.get(p.docId);
    return {
      excerpt: /:["”]?$/.test(c.text) && c.sentences[1] === p.sentences.length - 1 ? this.withItems(c.text, p) : c.text,
      source: citationOf(doc, p),
      score: Math.round(c.logOdds * 1000) / 1000,
      context: p.text,
      matched: c.matched,
      highlight: c.matched,
      standing: "answer",
    };
  }

  /**
   * A lead-in that ends its passage with ":" ("…must take several steps:") says nothing
   * without what it introduces: the passages that follow it under the same heading are
   * added, by their labels when they have them ("Regional Conflict; Weapons
   * Proliferation"), else whole, within the excerpt's length.
   */
  private withItems(leadIn: string, p: Passage): string {
    const items: Passage[] = [];
    for (let id = p.id + 1; items.length < 12; id++) {
      const q = this.corpus.passages[id];
      if (!q || q.docId !== p.docId || q.section !== p.section || q.kind === "meta") break;
      items.push(q);
    }
    if (items.length === 0) return leadIn;
    const labelled = items.every((q) => q.label);
    let text = leadIn;
    for (const [i, q] of items.entries()) {
      const part = labelled ? (q.label as string) : q.text;
      const next = i === 0 ? `${text} ${part}` : `${text}${labelled ? ";" : ""} ${part}`;
      if (next.length > MAX_EXCERPT_CHARS) break;
      text = next;
    }
    return labelled && /[\p{L}\p{N})]$/u.test(text) ? `${text}.` : text;
  }

  /** Topics worth asking about: frequent, specific terms of the corpus, shown as written. */
  private computeTopics(): { term: string; label: string }[] {
    // An even sample of whole documents (about 3,000 passages): enough to name the topics,
    // cheap at any size, and a restored corpus parses only the documents sampled.
    const n = this.corpus.passages.length;
    const stride = Math.max(1, Math.floor(n / 3000));
    const sampled = new Set(this.corpus.documents.filter((_, i) => i % stride === 0).map((d) => d.id));
    const passages = this.corpus.passages.filter((p) => sampled.has(p.docId) && p.kind !== "meta");
    return [...corpusTopics(passages, sampled.size, this.analyzer)];
  }

  /** What the corpus covers; topics near the terms that did match come first. */
  suggestions(near: readonly string[] = []): Suggestions {
    const nearSet = new Set(near);
    this.topicCache ??= this.computeTopics();
    let topics = this.topicCache;
    if (nearSet.size > 0) {
      // Rank topics by how often they share a passage with what did match.
      const near_ = [...nearSet].map((term) => ({
        term,
        weight: 1,
        relation: "own" as const,
        source: term,
        entity: this.analyzer.isEntity(term),
        common: false,
        known: true,
      }));
      // Each topic term's passages among them, read by term id: no set of strings for each passage.
      const idOf = (t: { term: string }) => this.analysis.ids.idOf(t.term) ?? NO_TERM;
      const topicIds = new Set(topics.map(idOf));
      const shared = new Map<number, number>();
      for (const hit of this.index.search(near_, 50).hits) {
        this.marks.next();
        for (const s of this.analysis.get(hit.passage).sentences) {
          for (let at = s.from; at < s.to; at += TOKEN_INTS) {
            for (let k = 0; k < 2; k++) {
              const id = s.tokens[at + k] as number;
              if (id !== NO_TERM && topicIds.has(id) && this.marks.mark(id)) shared.set(id, (shared.get(id) ?? 0) + 1);
            }
          }
        }
      }
      topics = [...topics]
        .filter((t) => !nearSet.has(t.term))
        .sort((a, b) => (shared.get(idOf(b)) ?? 0) - (shared.get(idOf(a)) ?? 0));
    }
    return {
      topics: topics.slice(0, 8).map((t) => t.label),
      documents: this.corpus.documents.slice(0, 5).map((d) => ({ id: d.id, title: d.title })),
    };
  }
}

/**
 * Term ids seen in one round, forgotten all at once by starting the next: counting
 * distinct terms of every candidate sentence without a Set for each.
 */
class IdMarks {
  private marks = new Int32Array(4096);
  private round = 0;

  next(): void {
    this.round++;
    if (this.round === 0x7fffffff) {
      this.marks.fill(0);
      this.round = 1;
    }
  }

  /** Marks the id in this round; true when it was not marked yet. */
  mark(id: number): boolean {
    if (id >= this.marks.length) {
      const grown = new Int32Array(Math.max(id + 1, this.marks.length * 2));
      grown.set(this.marks);
      this.marks = grown;
    }
    if (this.marks[id] === this.round) return false;
    this.marks[id] = this.round;
    return true;
  }
}

function maxOver<T>(items: readonly T[], value: (item: T) => number | undefined): number {
  let max = 0;
  for (const item of items) max = Math.max(max, value(item) ?? 0);
  return max;
}

/** Share of the question's adjacent word pairs that appear within two content tokens of each other, in order. */
function bigramShare(sequence: readonly number[], order: readonly number[]): number {
  if (order.length < 2) return 0;
  let found = 0;
  for (let i = 0; i + 1 < order.length; i++) {
    const a = order[i] as number;
    const b = order[i + 1] as number;
    for (let j = 0; j < sequence.length; j++) {
      if (sequence[j] !== a) continue;
      if (sequence[j + 1] === b || sequence[j + 2] === b) {
        found++;
        break;
      }
    }
  }
  return found / (order.length - 1);
}
