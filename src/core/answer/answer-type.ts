/**
 * What kind of answer a question asks for, and whether a piece of text holds one.
 *
 * "How many troops…" wants a number, "When…" a date, "Who…" a person or body, "Where…"
 * a place, "How long…" a duration, "How much did it cost…" a sum of money, "Why…" a
 * reason, "Did…" a statement. An excerpt that
 * holds nothing of the asked kind (beyond the question's own words) is not an answer
 * to it, however many of the question's words it repeats.
 */

export type AnswerType =
  | "number"
  | "amount"
  | "money"
  | "date"
  | "duration"
  | "person"
  | "place"
  | "reason"
  | "yesno"
  | "other";

/** The types an excerpt must hold to answer at all: a number, an amount, a sum of money, a date or a duration. */
export type StrictType = "number" | "amount" | "money" | "date" | "duration";

export function isStrictType(type: AnswerType): type is StrictType {
  return type === "number" || type === "amount" || type === "money" || type === "date" || type === "duration";
}

/**
 * "How much cash…", "how much did the deal cost", "what was the price…": a sum of money,
 * which "10,000 containers" does not answer however much it is a number.
 */
const MONEY_Q =
  /^(?:how much (?:money|cash|funding|revenue|profit|income|debt|financing)\b|how much (?:[\w'’-]+ ){0,8}?(?:cost|costs|pay|paid|pays|spend|spent|spends|earn|earned|earns|raise|raised|worth|charge|charged|fund|funded|invest|invested|owe|owed|sell for|sold for|fetch|fetched)\b|how expensive\b|what (?:was|is|were|are|will be) the (?:[\w'’-]+ ){0,2}?(?:cost|price|budget|salary|fee|fine|revenue|valuation|(?:dollar|cash|market|monetary) value)s?\b)/i;

/** "How much money…", not "how much of the region…" (a share, often said in words). */
const AMOUNT_Q = /^how much\b(?!\s+of\b)/i;

const NUMBER_Q =
  /^(?:how (?:many|much|large|big|high|tall|far|old|often|wide|deep|heavy|fast)|what (?:number|percentage|proportion|share|amount|fraction|size|population)|what is the (?:number|population|size|amount|percentage|total)|how much)\b/i;
const DURATION_Q = /^how long\b/i;
const DATE_Q =
  /^(?:when|what (?:year|date|day|month|century|decade|time|period|era)|which (?:year|date|day|month|century|decade)|in (?:what|which) (?:year|century|decade|month)|on what date|since when|what time)\b/i;
const PERSON_Q =
  /^(?:who|whom|whose|which (?:person|man|woman|king|leader|official|minister|president|group|company|organi[sz]ation|country|nation))\b/i;
const PLACE_Q =
  /^(?:where|what (?:country|city|town|region|place|state|area|county|continent|island|location|river|province|capital)|which (?:country|city|town|region|place|state|area|county|continent|island|river|province|capital)|in (?:what|which) (?:country|city|region|state|area|place))\b/i;
const REASON_Q = /^(?:why|for what reason|what (?:caused|made|led|drove|prompted|motivated))\b/i;
const YESNO_Q =
  /^(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|may|might|must|isn't|aren't|wasn't|doesn't|didn't|hasn't|haven't)\b/i;

/** Words before the real question ("According to the report, …", "In 2020, …"). */
const LEAD_IN = /^(?:according to [^,]{1,80},\s*|in [^,]{1,40},\s*|so,?\s+|and\s+|but\s+|also,?\s+)/i;

export function answerTypeOf(question: string): AnswerType {
  const q = question.trim().replace(LEAD_IN, "");
  if (DURATION_Q.test(q)) return "duration";
  if (MONEY_Q.test(q)) return "money";
  if (AMOUNT_Q.test(q)) return "amount";
  if (NUMBER_Q.test(q)) return "number";
  if (DATE_Q.test(q)) return "date";
  if (PLACE_Q.test(q)) return "place";
  if (PERSON_Q.test(q)) return "person";
  if (REASON_Q.test(q)) return "reason";
  if (YESNO_Q.test(q)) return "yesno";
  return "other";
}

const NUMBER_WORDS =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|several|tens";
const NUMBER = new RegExp(`(?:\\d|\\b(?:${NUMBER_WORDS})\\b)`, "i");
/** An amount is written in figures or with a magnitude: "$5,000", "480 million", "half"; not "the two countries". */
const AMOUNT = /\d|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|third)\b/i;
/** A currency: a sign or a name, or a word that is one only after a figure ("5 million won": "won" alone is a verb). */
const MONEY =
  /[$€£¥₩₽₹]|\b(?:dollars?|euros?|pounds? sterling|pounds|yen|rubles?|roubles?|yuan|renminbi|francs?|pesos?|rupees?|lira|dinars?|dirhams?|riyals?|kron(?:er|or|a|e)|cents?|pence|shillings?|guineas?)\b|\d[\d,.]*\s*(?:(?:thousand|million|billion|trillion)\s+)?(?:won|marks|crowns)\b/i;
/** An ISO currency code before a figure: "DKK 21.4 billion", "USD 5". */
const CURRENCY_CODE = /\b[A-Z]{3}\s?\d/;
const MONTHS =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
/**
 * A month named without a day or year. "May", "March" and "Mar" are also everyday words
 * ("that stance may be changing", "troops march"), so alone they count as a month only
 * after a word that introduces a date ("in May", "since March") or before a figure.
 */
const MONTHS_NOT_WORDS =
  "january|february|april|june|july|august|september|october|november|december|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec";
const DATE_INTRO = "in|of|since|until|till|by|from|to|through|during|before|after|early|mid|late|last|next|between";
const LONE_MONTH = `(?:${MONTHS_NOT_WORDS})\\b|(?:may|march|mar)\\.?\\s+\\d|(?<=\\b(?:${DATE_INTRO})\\s+)(?:may|march)\\b`;
/** The same for a test, where the month need not be the match: a lookbehind tried at every position is slow. */
const LONE_MONTH_TEST = `(?:${MONTHS_NOT_WORDS})\\b|(?:may|march|mar)\\.?\\s+\\d|(?:${DATE_INTRO})\\s+(?:may|march)\\b`;
const DATE = new RegExp(
  `\\b(?:(?:1[0-9]|20)\\d{2}s?|\\d{1,2}(?:st|nd|rd|th)? century|${LONE_MONTH_TEST}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|centur(?:y|ies)|decades?|yesterday|today|last (?:year|month|week)|next (?:year|month|week)|(?:early|mid|late)[- ](?:\\d|\\w+ century))`,
  "i",
);
// A span ("six-day", "for four years") or where one starts or ends ("since 2019", "until
// March"); a bare "for" or "since" is no duration ("support for North Korea").
const DURATION = new RegExp(
  `(?:\\d+|\\b(?:${NUMBER_WORDS}|a|an|several|many|few))[\\s-]+(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries|century)\\b|\\b(?:since|until|till|through)\\s+(?:\\d|(?:${MONTHS})\\b|the (?:end|start|beginning|early|late|mid)\\b)`,
  "i",
);
const REASON =
  /\b(?:because|due to|owing to|as a result|in order to|so that|so as to|since|thanks to|in response to|to (?:\w+ ){0,2}(?:help|support|secure|gain|obtain|counter|offset|boost|ensure|avoid|protect|strengthen|replenish|fund|pay)|driven by|motivated by|amid|facing|needs?|seeking|aims? to|in exchange|lifeline|reason)\b/i;

/** Capitalised words not at the start of the text: names of people, bodies and places. */
const NAME = /(?<=[\s(“"'])\p{Lu}[\p{L}’'.-]+(?:\s+(?:of|de|von|van|al|bin|the)?\s*\p{Lu}[\p{L}’'.-]+)*/gu;
const PLACE_CUE = /\b(?:in|at|near|from|to|into|across|off|outside|inside|within|on)\s+(?:the\s+)?\p{Lu}/u;

/**
 * Whether the text holds an answer of the type, leaving out the words the question
 * itself uses (`asked`, lower case): "How many soldiers?" is not answered by "soldiers".
 */
export function hasAnswerOfType(type: AnswerType, text: string, asked: ReadonlySet<string>): boolean {
  // Leaving words out never makes a figure, a magnitude or a date: a text without one is read once.
  switch (type) {
    case "number":
      return NUMBER.test(text) && NUMBER.test(withoutDates(withoutAsked(text, asked)));
    case "amount":
      return AMOUNT.test(text) && AMOUNT.test(withoutDates(withoutAsked(text, asked)));
    case "money": {
      if (!AMOUNT.test(text)) return false;
      const rest = withoutDates(withoutAsked(text, asked));
      return (MONEY.test(rest) || CURRENCY_CODE.test(rest)) && AMOUNT.test(rest);
    }
    case "date":
      return DATE.test(text) && DATE.test(withoutAsked(text, asked));
    case "duration":
      return DURATION.test(withoutAsked(text, asked)) || DATE.test(withoutAsked(text, asked));
    case "person":
      return newNames(text, asked) > 0;
    case "place":
      return newNames(text, asked) > 0 && (PLACE_CUE.test(text) || newNames(text, asked) > 1);
    case "reason":
      return REASON.test(text);
    default:
      return true;
  }
}

/**
 * Dates written with figures: "February 2022", "14 March", "in 2024", "the 1990s". Their
 * figures count nothing, so "By October 2024, North Korea had sent troops" does not
 * answer "How many troops…". A four-figure number alone ("1500 soldiers") is kept.
 */
const DATE_FIGURES = new RegExp(
  [
    `\\b(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+(?:1[0-9]|20)\\d{2}\\b)?`,
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS})\\b\\.?(?:,?\\s+(?:1[0-9]|20)\\d{2}\\b)?`,
    `\\b(?:${MONTHS})\\.?,?\\s+(?:1[0-9]|20)\\d{2}\\b`,
    `\\b(?:in|since|by|from|until|till|to|during|before|after|around|between|and|of|early|mid|late)[\\s-]+(?:the\\s+)?(?:1[0-9]|20)\\d{2}s?\\b(?!\\s*(?:%|percent|per cent|[\\p{L}]*(?:troops|soldiers|people|men|women|workers|units|tons|tonnes)))`,
    `\\b(?:1[0-9]|20)\\d{2}s\\b`,
  ].join("|"),
  "giu",
);

function withoutDates(text: string): string {
  return text.replace(DATE_FIGURES, " ");
}

function withoutAsked(text: string, asked: ReadonlySet<string>): string {
  return text.replace(/[\p{L}\p{N}]+/gu, (w) => (asked.has(w.toLowerCase()) ? " " : w));
}

function newNames(text: string, asked: ReadonlySet<string>): number {
  let n = 0;
  for (const m of ` ${text}`.matchAll(NAME)) {
    const words = m[0].split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
    if (words.some((w) => !asked.has(w.toLowerCase().replace(/[’']s$/, "")))) n++;
  }
  return n;
}

/** Nouns that name a part of an article or the article itself, not what the question is about. */
const PART =
  "(?:piece|article|section|report|story|paragraph|conclusion|opening|introduction|summary|recommendations|takeaways|op-ed|column)";

const FRAMES: readonly RegExp[] = [
  new RegExp(
    `^according to (?:the )?((?:[\\w'’-]+ ){0,5}?${PART}(?: (?:of|in) the (?:[\\w'’-]+ ){0,3}?${PART})?),\\s*`,
    "i",
  ),
  new RegExp(`,\\s*according to (?:the )?((?:[\\w'’-]+ ){0,5}?${PART})\\s*(?=[?.]?$)`, "i"),
  new RegExp(
    `\\b(?:does|do|did) the ((?:['‘]?[\\w'’-]+['’]? ){0,4}?${PART})(?: say| said| call| calls| describe| mention| suggest)?\\b`,
    "i",
  ),
  new RegExp(`\\b(?:in|from|per) the ((?:[\\w'’-]+ ){0,4}?${PART})\\b,?`, "i"),
];

/**
 * Splits off the question's frame: the part that says where in the corpus to look
 * ("According to the key takeaways, …", "How does the fortify piece say…", "…in the
 * conclusion"), which should match a heading or title rather than the answer's text.
 */
export function splitFrame(question: string): { question: string; frame: string | null } {
  for (const re of FRAMES) {
    const m = re.exec(question);
    if (m?.[1]) {
      const rest = `${question.slice(0, m.index)} ${question.slice(m.index + m[0].length)}`.replace(/\s+/g, " ").trim();
      return { question: rest || question, frame: m[1] };
    }
  }
  return { question, frame: null };
}

/** The nouns that name a corpus document itself, not a book or a play it is about. */
const ARTICLE = "(?:article|piece|report|story|op-?ed|essay|analysis|commentary)";
const ABOUT_ARTICLE = new RegExp(
  [
    String.raw`\b(?:who|which (?:outlet|newspaper|publication|site|agency|paper)|what (?:outlet|newspaper|publication|site|agency|paper))\b.*\b(?:wrote|write|written|authored|author|published|publish|ran|reported|byline)\b`,
    String.raw`\bwhen was (?:it|the \w+) (?:published|written)\b`,
    String.raw`\bwho (?:is|was) the author\b`,
    // "fortify alliance article author and outlet"
    String.raw`\b(?:author|authors|byline|outlet|publisher)\b.*\b${ARTICLE}\b`,
    String.raw`\b${ARTICLE}\b.*\b(?:author|authors|byline|outlet|publisher)\b`,
  ].join("|"),
  "i",
);
const NAMES_ARTICLE = new RegExp(String.raw`\b${ARTICLE}\b`, "i");

/** Questions about an article itself: who wrote it, where or when it was published. */
export function asksAboutArticle(question: string): boolean {
  return ABOUT_ARTICLE.test(question);
}

const ASKS_OUTLET = /\b(?:outlet|newspaper|publication|publisher|site|agency|paper|published|publish|ran)\b/i;
const ASKS_AUTHOR = /\b(?:wrote|write|written|writer|authored|author|byline)\b/i;

/** Which part of a byline a question about an article asks for: its author, its outlet, or both. */
export function bylineAsked(question: string): { author: boolean; outlet: boolean } {
  return { author: ASKS_AUTHOR.test(question), outlet: ASKS_OUTLET.test(question) };
}

/**
 * True when a question about an article calls it an article ("Who wrote the Dangerous
 * Partnership article?"), so that its title words name one: "Who wrote Hamlet?" is about
 * a play the corpus describes, not about a corpus document's byline.
 */
export function namesAnArticle(question: string): boolean {
  return NAMES_ARTICLE.test(question);
}

const NUMBER_SPAN = new RegExp(
  `(?:(?:at least|more than|fewer than|less than|over|about|nearly|almost|some|up to|around|roughly|an estimated|as many as)\\s+)?(?:\\d[\\d,.]*(?:\\s*(?:%|percent|per cent|million|billion|thousand|hundred|trillion))?|\\b(?:${NUMBER_WORDS})\\b(?:[\\s-]+(?:thousand|million|hundred|billion))?)`,
  "gi",
);
const MONEY_SPAN =
  /(?:(?:at least|more than|less than|over|about|nearly|almost|some|up to|around|roughly|an estimated|as much as)\s+)?(?:[$€£¥₩₽₹]\s?\d[\d,.]*(?:\s*(?:million|billion|thousand|trillion|bn|m))?|\d[\d,.]*(?:\s*(?:million|billion|thousand|trillion))?\s+(?:dollars|euros|pounds|yen|rubles|roubles|yuan|won|francs|pesos|rupees))/gi;
const DATE_SPAN = new RegExp(
  `\\b(?:(?:early|mid|late)[- ])?(?:\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?,?\\s+\\d{4}|(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|(?:${MONTHS})\\.?\\s+(?:of\\s+)?\\d{4}|(?:1[0-9]|20)\\d{2}s?|\\d{1,2}(?:st|nd|rd|th)? century|${LONE_MONTH})`,
  "gi",
);
const DURATION_SPAN = new RegExp(
  `(?:\\d+|\\b(?:${NUMBER_WORDS}|a|an|several|many|few))[\\s-]+(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries|century)\\b`,
  "gi",
);

/**
 * The words of `text` that answer a question of `type` (the number, the date, the
 * duration, the new name), leaving out what the question itself says; null when the type
 * has no such span or the text holds none.
 */
export function answerSpan(type: AnswerType, text: string, asked: ReadonlySet<string>): string | null {
  // Asked words are blanked to spaces of their own length, so a match's place is its place in `text`.
  const masked = text.replace(/[\p{L}\p{N}]+/gu, (w) => (asked.has(w.toLowerCase()) ? " ".repeat(w.length) : w));
  const first = (re: RegExp) => {
    re.lastIndex = 0;
    for (const m of masked.matchAll(re)) {
      const span = text
        .slice(m.index, m.index + m[0].length)
        .trim()
        .replace(/[,.;:]+$/, "");
      if (span && /[\p{L}\p{N}]/u.test(span)) return span;
    }
    return null;
  };
  switch (type) {
    case "number":
    case "amount":
      return first(NUMBER_SPAN);
    case "money":
      return first(MONEY_SPAN) ?? first(NUMBER_SPAN);
    case "date":
      return first(DATE_SPAN);
    case "duration":
      return first(DURATION_SPAN) ?? first(DATE_SPAN);
    case "person":
    case "place":
      for (const m of ` ${masked}`.matchAll(NAME)) {
        const span = text.slice((m.index as number) - 1, (m.index as number) - 1 + m[0].length).trim();
        if (span && /^\p{Lu}/u.test(span)) return span;
      }
      return null;
    default:
      return null;
  }
}
