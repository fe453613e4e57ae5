/**
 * What the ranking model knows about a candidate excerpt for a question, as numbers
 * between 0 and 1. Each is general (no word of any corpus is special here): how much
 * of the question the excerpt covers, and how (the words themselves, related words,
 * typo corrections, only its heading); whether an important word of the question is
 * missing; the passage's retrieval score; whether it holds an answer of the asked
 * type; how close together the matches are; and whether it reads as a whole statement.
 */
export const FEATURE_NAMES = [
  "coverageExact",
  "coverageRelated",
  "coverageFuzzy",
  "coverageHeading",
  "wordsMatched",
  "missingImportant",
  "passageScore",
  "passageRank",
  "typeMatch",
  "typeMiss",
  "focusMatched",
  "novelty",
  "density",
  "length",
  "joined",
  "leansBack",
  "fragment",
  "firstSentence",
  "matchedMass",
  "rarestMatched",
  "bigrams",
  "passageCoverage",
  "typeMissStrict",
  "unknownWords",
  "frameMatched",
  "bylineAsked",
  "sentenceBm25",
  "figureMissed",
  "contentCoverage",
] as const;

export type Features = number[];

/** How a question word was matched in a candidate, best first. */
export type MatchKind = "exact" | "related" | "fuzzy" | "heading" | null;

export interface QuestionWord {
  /** How much the word counts: its rarity, halved for general English words. */
  readonly weight: number;
  /** True for words that name what the question is about (not general English). */
  readonly specific: boolean;
  /** True for the question's focus ("which *car*", "how many *troops*"). */
  readonly focus: boolean;
  /** True for a figure ("1895", "14th"): a question that names one is rarely answered by text without it. */
  readonly figure: boolean;
  /** True for the name of an actor or place (a country, a capital, a leader). */
  readonly entity: boolean;
}

export interface CandidateFacts {
  readonly words: readonly QuestionWord[];
  /** Per question word, how the candidate matched it. */
  readonly matches: readonly MatchKind[];
  /** Per question word, the relation weight of its best related match (for "related"). */
  readonly relatedWeight: readonly number[];
  readonly passageScore: number;
  readonly passageRank: number;
  /** Null when the question asks for no particular type. */
  readonly typeFound: boolean | null;
  readonly novelWords: number;
  /** The question word each content token of the excerpt matches (-1 for none), in order. */
  readonly sequence: readonly number[];
  readonly chars: number;
  readonly joined: boolean;
  readonly leansBack: boolean;
  readonly fragment: boolean;
  readonly firstSentence: boolean;
  /** Share of the question's adjacent word pairs found next to each other. */
  readonly bigrams: number;
  /** Share of the question's words the whole passage (and its heading) matches. */
  readonly passageCoverage: number;
  /** True when the question asks for a number, date or duration: a missing one is damning. */
  readonly strictType: boolean;
  /** Share of the question's specific words the corpus does not use at all, in any form. */
  readonly unknownWords: number;
  /** Share of the question's frame ("according to the key takeaways") found in the heading or title; 0 without one. */
  readonly frameMatched: number;
  /** True when the question asks who wrote or published the article and this is its byline. */
  readonly bylineAsked: boolean;
}

/** Each question word's count in the excerpt, reused from call to call: a new array for each of thousands of candidates kept the collector busy. */
let termCounts = new Float64Array(16);

export function featuresOf(c: CandidateFacts): Features {
  let total = 0;
  let maxWeight = 0;
  for (const w of c.words) {
    total += w.weight;
    if (w.weight > maxWeight) maxWeight = w.weight;
  }
  total ||= 1;
  maxWeight ||= 1;
  let exact = 0;
  let related = 0;
  let fuzzy = 0;
  let heading = 0;
  let matched = 0;
  let missing = 0;
  let focusMatched = 0;
  let rarest = 0;
  let figureMissed = 0;
  let content = 0;
  let contentMatched = 0;
  for (let i = 0; i < c.words.length; i++) {
    const w = c.words[i] as QuestionWord;
    const m = c.matches[i];
    if (m) matched++;
    if (m === "exact") exact += w.weight;
    else if (m === "related") related += w.weight * (c.relatedWeight[i] ?? 0.5);
    else if (m === "fuzzy") fuzzy += w.weight;
    else if (m === "heading") heading += w.weight;
    else if (w.specific && w.weight > missing) missing = w.weight;
    if (w.focus && m && m !== "heading") focusMatched = 1;
    if (w.figure && m !== "exact") figureMissed = 1;
    if (!w.entity) {
      content += w.weight;
      if (m === "exact" || m === "related" || m === "fuzzy") contentMatched += w.weight;
    }
    if ((m === "exact" || m === "related") && w.weight > rarest) rarest = w.weight;
  }
  // BM25 of the excerpt as a document of its own: repeated question words count, saturating, and a long excerpt less.
  if (termCounts.length < c.words.length) termCounts = new Float64Array(c.words.length * 2);
  const tf = termCounts.fill(0, 0, c.words.length);
  let matchedTokens = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < c.sequence.length; i++) {
    const w = c.sequence[i] as number;
    if (w < 0) continue;
    tf[w] = (tf[w] as number) + 1;
    matchedTokens++;
    if (first < 0) first = i;
    last = i;
  }
  const lengthNorm = 1.2 * (0.25 + (0.75 * c.sequence.length) / 15);
  let bm25 = 0;
  for (let i = 0; i < c.words.length; i++) {
    const f = tf[i] as number;
    if (f > 0) bm25 += ((c.words[i] as QuestionWord).weight * f * 2.2) / (f + lengthNorm);
  }
  const span = matchedTokens > 1 ? last - first + 1 : 1;
  return [
    exact / total,
    related / total,
    fuzzy / total,
    heading / total,
    c.words.length ? matched / c.words.length : 0,
    missing / maxWeight,
    c.passageScore,
    1 / (1 + c.passageRank),
    c.typeFound === true ? 1 : 0,
    c.typeFound === false ? 1 : 0,
    focusMatched,
    c.novelWords / Math.max(1, c.novelWords + matchedTokens),
    Math.min(1, matchedTokens / span),
    Math.min(1, c.chars / 250),
    c.joined ? 1 : 0,
    c.leansBack ? 1 : 0,
    c.fragment ? 1 : 0,
    c.firstSentence ? 1 : 0,
    Math.min(1, Math.log1p(exact + related) / 4),
    rarest / maxWeight,
    c.bigrams,
    c.passageCoverage,
    c.typeFound === false && c.strictType ? 1 : 0,
    c.unknownWords,
    c.frameMatched,
    c.bylineAsked ? 1 : 0,
    bm25 / (2.2 * total),
    figureMissed,
    // The question's words other than actors' names: a passage naming Kim and Putin matches every question.
    content ? contentMatched / content : 1,
  ];
}

/** Reference-list entries, captions and other fragments that are not statements. */
export function isFragment(text: string): boolean {
  if (/\bISBN\b|\bRetrieved (?:on )?\w+ \d|\bpp?\. \d|\bdoi:|\bet al\.,? \(?\d{4}/i.test(text)) return true;
  if (/^\p{Lu}[\p{L}'-]+, \p{Lu}[\p{L}. ]{0,30}\((?:\w+ )?\d{4}\)/u.test(text)) return true;
  return text.length < 60 && !/[.!?]["”’')\]]*$/u.test(text);
}

/** Openers that point back to the sentence before. */
export const LEANS_BACK =
  /^(?:this|that|these|those|it|its|they|their|them|he|she|his|her|such|however|but|yet|still|also|moreover|meanwhile|in return|in turn|instead|as a result|during (?:the|this|that)|the (?:move|visit|deal|trip|meeting|summit|two))\b/i;
