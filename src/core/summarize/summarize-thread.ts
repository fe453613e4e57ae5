/**
 * Summarises a conversation thread extractively and says what the corpus has on it.
 *
 * - Key points: the messages that carry the discussion: claims, decisions, figures and
 *   questions others took up, not acknowledgements or chatter. A short message is a
 *   point whole; a long one by its most central sentence. Ranked by centrality (see
 *   centrality.ts), substance and position, and picked with maximal marginal
 *   relevance so that different sub-topics are represented rather than one point
 *   said three ways: 3 to 7 once a thread has 6 messages.
 * - Asked to do: requests and tasks ("can you…", "please…"), with who asked.
 * - Open questions: questions no later message answers. A later message from someone
 *   the question addressed or mentioned, or one from someone else sharing the
 *   question's key terms, counts as an answer.
 * - From the corpus: excerpts for the thread's main terms, and for a key point the
 *   excerpt that supports it, only when the excerpt shares the point's specific words.
 *
 * Input is plain text: adapters turn Slack's markup into words and leave code out.
 */

import { cosine, drain, lexRankSteps, similaritySteps, tfidfVectorSteps } from "../centrality/centrality.js";
import { splitSentences } from "../corpus/sentences.js";
import type { Analyzer } from "../search/analyzer.js";
import { COMMON_WORDS } from "../search/stop-words.js";
import type { AnswerResult, Excerpt } from "../types.js";

export interface ThreadMessage {
  readonly ts: string;
  /** User id. */
  readonly user: string;
  /** Display name. */
  readonly name: string;
  /** Plain text: no markup, no code blocks. */
  readonly text: string;
  /** User ids mentioned in the message. */
  readonly mentions: readonly string[];
}

export interface KeyPoint {
  readonly text: string;
  readonly user: string;
  readonly name: string;
  readonly ts: string;
  /** The corpus excerpt that bears on this point, or null when the corpus has nothing on it. */
  readonly support: Excerpt | null;
}

/** A request or task someone put to the thread. */
export interface AskedToDo {
  readonly text: string;
  readonly user: string;
  readonly name: string;
  readonly ts: string;
  /** Who was asked, by user id: mentioned or named at the start; empty when it was put to everyone. */
  readonly asked: readonly string[];
}

export interface OpenQuestion {
  readonly text: string;
  readonly user: string;
  readonly name: string;
  readonly ts: string;
}

export interface ThreadSummary {
  readonly participants: readonly { readonly user: string; readonly name: string; readonly messages: number }[];
  /** People's messages summarised (bots and notices are left out before this point). */
  readonly messageCount: number;
  readonly keyPoints: readonly KeyPoint[];
  readonly openQuestions: readonly OpenQuestion[];
  readonly askedToDo: readonly AskedToDo[];
  /** The corpus excerpts most relevant to the thread as a whole (0 to 3). */
  readonly related: readonly Excerpt[];
}

export type SummaryResult =
  | { readonly ok: true; readonly summary: ThreadSummary }
  | { readonly ok: false; readonly reason: "empty" | "single" | "no_text"; readonly message: string };

export interface SummaryOptions {
  readonly minKeyPoints: number;
  readonly maxKeyPoints: number;
  /** How strongly a candidate's similarity to points already chosen counts against it. */
  readonly diversity: number;
  /** Similarity at which a candidate says the same as a chosen point and is passed over. */
  readonly duplicate: number;
  /** Sentences kept for the similarity graph in very long threads (the most term-rich first). */
  readonly maxSentences: number;
  /** Longest key point shown, in characters. */
  readonly maxPointChars: number;
  /** Key points wanted: this many times the square root of the thread's messages (then 3 to 7). */
  readonly pointsPerRootMessage: number;
  /** How much being late in the thread costs a candidate (0: nothing; 0.5: the last scores half). */
  readonly positionWeight: number;
  /** Weight of a candidate's substance (distinct words, figures) beside its centrality. */
  readonly substanceWeight: number;
  /** Specific words a key point must share with a corpus excerpt for it to count as support. */
  readonly supportShared: number;
  /** Share of the point's specific words the excerpt must hold. */
  readonly supportCoverage: number;
}

export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = {
  minKeyPoints: 3,
  maxKeyPoints: 7,
  diversity: 0.6,
  duplicate: 0.7,
  maxSentences: 1500,
  maxPointChars: 300,
  pointsPerRootMessage: 1.3,
  positionWeight: 0,
  substanceWeight: 8,
  supportShared: 2,
  supportCoverage: 0.3,
};

interface Sentence {
  text: string;
  message: ThreadMessage;
  index: number;
  terms: string[];
  question: boolean;
  request: boolean;
}

/** A key point candidate: a whole short message, or one sentence of a long one. */
interface Unit {
  text: string;
  message: ThreadMessage;
  /** Its message's place in the thread. */
  order: number;
  /** Its first sentence's index. */
  index: number;
  terms: string[];
}

/** Words that carry no point on their own: a sentence needs this many distinct terms to be one. */
const MIN_TERMS = 3;

/** Cosine similarity below which two candidates are not linked, for centrality and for repetition. */
const SIMILARITY_FLOOR = 0.05;

/**
 * A request or task: "can you…", "could someone…", "please send…", "draft at 4 pls",
 * "don't forget to…", or a clause that opens with an imperative ("hold the power
 * button…"). An optional name or mention may lead ("Mia, could you check…").
 */
const REQUEST_VERBS =
  "send|bring|check|call|text|email|buy|pick up|grab|book|take|draft|update|review|ask|tell|print|give|hold|keep|label|get|put|try|restart|sign|fill in|fill out|look into|find|share|forward|confirm|cover|order|pay|post|file|write|read|fix|clean|feed|water|lock|charge|ring|include|invite|remind|collect|drop off|save";
const REQUEST = new RegExp(
  [
    // A name may lead ("Mia, could you…"); a reply word may not ("sure, bring it…" answers an ask).
    String.raw`^(?:(?!(?:no|yes|yeah|yep|sure|ok|okay|well|nah|fine|great|thanks)\b)[@\p{L}][\p{L}.' -]{0,30}[,:]\s+`,
    // or a name without the comma, as chat writes it ("tom can you sort…"), but not "how can you…".
    String.raw`|(?!(?:how|why|what|where|when|who|whom|which|whose|so|and|but|or|if|then|wait|nor)\b)\p{L}+\s+(?=(?:can|could|would|will)\s+(?:you|u)\b))?`,
    "(?:",
    [
      // Not "can you tell me…" or "will you be home…", which ask for information.
      String.raw`(?:can|could|would|will)\s+(?:you|u|someone|somebody|anyone|anybody|everyone|everybody|one of you|you guys)\b(?!\s+(?:believe|imagine|tell if|see why|like|prefer|rather|(?:please\s+)?tell (?:me|us)\b(?!\s+(?:when|once|if)\b)|be\s+(?!able|willing|happy|ok|okay|free|around|up for)\w))`,
      String.raw`why don'?t you\b`,
      String.raw`i was wondering if (?:you|u) could\b`,
      String.raw`(?:can|could|may)\s+(?:i|we)\s+(?:borrow|have|get|use)\b`,
      String.raw`any chance (?:you|u|someone|anyone)\b`,
      String.raw`(?:please|pls|plz|kindly)\s+\p{L}`,
      String.raw`(?:don'?t|do not)\s+forget\b`,
      String.raw`remember\s+to\b`,
      String.raw`make\s+sure\b`,
      String.raw`(?:i\s+)?need\s+(?:you|someone|somebody|your)\b`,
      String.raw`(?:let|lemme)\s+me\s+know\b`,
      String.raw`(?:${REQUEST_VERBS})\s+(?:me|us|him|her|them|the|a|an|it|this|that|your|my|stuff|one|\d)\b`,
      // "bread pls", "draft at 4 pls"; not "yes pls", which accepts an offer.
      String.raw`(?!(?:omg\s+|oh\s+)?(?:yes|yeah|yep|sure|ok|okay)\s+(?:please|pls|plz)\b)\p{L}+(?:\s+\p{L}+.*)?\s+(?:please|pls|plz)(?=[\s\p{P}]*(?:$|,))`,
    ].join("|"),
    ")",
  ].join(""),
  "iu",
);
/**
 * A request put to someone by name: "Anna can you order…", "Maybe Ravi could send them?".
 * Apart from REQUEST because names need capitals, and a case-blind match has none.
 */
const NAMED_REQUEST = new RegExp(
  String.raw`^(?!(?:How|Why|What|Where|When|Who|Whom|Which|Whose)\b)@?\p{Lu}\p{Ll}+\s+(?:(?:can|could|would|will)\s+(?:you|u)\b(?!\s+(?:like|prefer|rather)\b)|(?:could|can|should)\s+(?:${REQUEST_VERBS})\b)`,
  "u",
);

/** Fillers a request may open with: "ok dont panic. hold…", "maybe…", "also…". */
const FILLER = /^(?:so|and|but|then|also|ok(?:ay)?|fine|oh|hey|yes|yeah|maybe|right|alright|now)[,!.]*\s+/i;

/** A request in a sentence's words (the "?" of "can you…?" does not make it a question to answer). */
export function isRequest(sentence: string): boolean {
  // Any clause may carry it: "yes please!! can you bring them friday?"
  // An emoji ends a clause as a full stop does: "forgot my badge 🙃 can someone let me in?"
  const clauses = sentence.split(
    /(?<=[.!?;])\s+|,\s+(?=(?:so|and|but|then|also)\b)|\?\s*|\s*\p{Extended_Pictographic}+\s*/iu,
  );
  return clauses.some((c) => {
    const clause = c.trim().replace(FILLER, "").replace(FILLER, "");
    return clause.length > 0 && (REQUEST.test(clause) || NAMED_REQUEST.test(clause));
  });
}

/** How a reply that answers a question tends to open (a figure, a date, "yes", "I think…"). */
const ANSWER_OPENER =
  /^(?:yes|yeah|yep|yup|ya|no|nope|nah|sure|ok(?:ay)?|perfect|great|fine|sounds good|works|deal|coming|on my way|omw|obviously|definitely|absolutely|of course|maybe|probably|perhaps|i think|i guess|i'd say|not|idk|dunno|depends|it's|it is|they're|they are|we're|we are|there's|there is|around|about|roughly)\b|^\d/i;

/** What a reply may open with before it answers: "omg yes wine", "haha no". */
const INTERJECTION = /^(?:omg|oh|ah+|ooh|wow|haha+|lol|hmm+|well|um+|uh+)[\s,!.]+/i;

/** Replies that acknowledge or react and say nothing new: "ok", "thanks!", "lol", "sounds good". */
const CHATTER =
  /^(?:ok(?:ay)?|k|sure|yes|yeah|yep|yup|no|nope|nah|thanks?(?: you)?|thx|ty|cool|great|nice|good|perfect|awesome|lol|haha+|hehe|wow|oh|ah|hmm+|right|true|agreed?|same|exactly|got it|will do|on it|sounds good|fine|bye|see you|see ya|cya|np|no problem|of course|deal|done|hello|hi|hey|good (?:morning|afternoon|evening|night)|goodbye|(?:you're|you are) welcome|my pleasure|not at all|excuse me|sorry|i see|oh dear|all right|alright|certainly|(?:yes|yeah|no),? that's (?:right|correct|true)|that's (?:right|correct|true)|let me (?:see|check|think|have a look|take a look)|here you (?:are|go)|here it is|(?:just )?(?:a|one) moment|please (?:have|take) a seat|(?:have|take) a seat|go ahead|that's (?:a )?(?:good|great|nice|wonderful|fine)(?: idea)?|that's nice|that sounds (?:good|great|nice|fine))\b(?:,\s*(?:(?:mr|mrs|ms|miss|dr)\.?\s+)?[\p{L}'-]+)?[\s\p{P}\p{S}]*(?:(?:thanks?|man|mate|guys|all|everyone|then|too|again|very much|so much|a lot|:\)|:d)\b[\s\p{P}\p{S}]*)*$/iu;

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max * 0.6))}…`;
}

export function summarizeThread(
  messages: readonly ThreadMessage[],
  analyzer: Analyzer,
  answer: (question: string) => AnswerResult,
  options: SummaryOptions = DEFAULT_SUMMARY_OPTIONS,
): SummaryResult {
  return drain(summarizeThreadSteps(messages, analyzer, answer, options));
}

/**
 * {@link summarizeThread} in steps of a few milliseconds each, so an adapter can run a
 * 10,000-message thread's summary without holding its event loop.
 */
export function* summarizeThreadSteps(
  messages: readonly ThreadMessage[],
  analyzer: Analyzer,
  answer: (question: string) => AnswerResult,
  options: SummaryOptions = DEFAULT_SUMMARY_OPTIONS,
): Generator<void, SummaryResult> {
  if (messages.length === 0) {
    return { ok: false, reason: "empty", message: "There are no messages from people in this thread to summarize." };
  }
  if (messages.length === 1) {
    return {
      ok: false,
      reason: "single",
      message:
        "This thread has only one message, so there is nothing to summarize yet. Try again once people have replied.",
    };
  }

  const sentences: Sentence[] = [];
  let read = 0;
  for (const m of messages) {
    if (++read % 20 === 0) yield;
    for (const text of splitSentences(m.text)) {
      const terms = analyzer.terms(text);
      if (new Set(terms).size === 0) continue;
      const request = isRequest(text);
      const question = !request && /\?["”')\]]*$/.test(text);
      sentences.push({ text, message: m, index: sentences.length, terms, question, request });
    }
  }
  if (sentences.length === 0) {
    return {
      ok: false,
      reason: "no_text",
      message: "This thread has no sentences to summarize: only emoji, links or code.",
    };
  }

  const participants = new Map<string, { user: string; name: string; messages: number }>();
  for (const m of messages) {
    const p = participants.get(m.user) ?? { user: m.user, name: m.name, messages: 0 };
    p.messages++;
    participants.set(m.user, p);
  }

  const keyPoints: KeyPoint[] = [];
  const taken = yield* questionsTakenUp(sentences, messages, analyzer);
  for (const u of yield* chooseKeyPoints(sentences, messages.length, taken, options)) {
    const found = answer(u.text);
    const excerpt = found.confident ? (found.answers[0] ?? null) : null;
    keyPoints.push({
      text: clip(u.text, options.maxPointChars),
      user: u.message.user,
      name: u.message.name,
      ts: u.message.ts,
      support: excerpt && supports(u.text, excerpt, analyzer, options) ? excerpt : null,
    });
    yield;
  }
  yield;
  const topic = yield* topicQuery(sentences, analyzer);
  const related = topic ? answer(topic) : null;

  return {
    ok: true,
    summary: {
      participants: [...participants.values()],
      messageCount: messages.length,
      keyPoints,
      openQuestions: sentences
        .filter((q) => q.question && !taken.has(q))
        .map((q) => ({
          text: clip(q.text, options.maxPointChars),
          user: q.message.user,
          name: q.message.name,
          ts: q.message.ts,
        })),
      askedToDo: askedToDo(sentences, messages, options),
      related: relatedExcerpts(
        // The same test as a point's support: an excerpt found through related words alone
        // ("help" for "aid") is not about this thread.
        related?.confident
          ? related.answers.filter((a) => a.standing !== "weak" && supports(topic as string, a, analyzer, options))
          : [],
        keyPoints,
      ),
    },
  };
}

/**
 * What the corpus says on the thread, at most 3 excerpts: on its main words, then the
 * excerpts supporting its points. A thread whose words are spread over several points
 * has no main words the corpus answers, yet its points may be supported.
 */
function relatedExcerpts(onTopic: readonly Excerpt[], points: readonly KeyPoint[]): Excerpt[] {
  const out = [...onTopic.slice(0, 3)];
  const place = (e: Excerpt) => `${e.source.id}#${e.source.passage}`;
  for (const p of points) {
    if (out.length >= 3) break;
    if (p.support && !out.some((e) => place(e) === place(p.support as Excerpt))) out.push(p.support);
  }
  return out;
}

/**
 * True when a corpus excerpt shares the point's specific content: enough of its words
 * that are neither stop words nor everyday words, as written (a typo correction or a
 * related word found the excerpt, but only the point's own words count here).
 */
function supports(point: string, excerpt: Excerpt, analyzer: Analyzer, options: SummaryOptions): boolean {
  const specific = new Set<string>();
  // Countries and the subject's actors ("Pyongyang", "Putin") are named by most passages: sharing them is no support.
  const actor = (t: string | null) => t !== null && analyzer.isConcept(t);
  for (const { term, concept, surface } of analyzer.tokenize(point)) {
    if (!term || term.length <= 2 || /^\d+$/.test(term) || actor(term) || actor(concept)) continue;
    if (!COMMON_WORDS.has(surface.toLowerCase()) && !COMMON_WORDS.has(term)) specific.add(term);
  }
  if (specific.size === 0) return false;
  const their = analyzer.terms(excerpt.excerpt);
  const theirs = new Set(their);
  let shared = 0;
  for (const t of specific) if (theirs.has(t)) shared++;
  if (shared < options.supportShared || shared / specific.size < options.supportCoverage) return false;
  // Two words in common may be chance ("economic" and "history" in a question about a course);
  // a phrase in common, or three words, is the same content.
  return shared > options.supportShared || sharesPair(analyzer.terms(point), their, specific);
}

/**
 * True when two terms that stand next to each other in one (stop words aside), one of them
 * specific, do in the other: "panel of experts", not "the two sides".
 */
function sharesPair(a: readonly string[], b: readonly string[], specific: ReadonlySet<string>): boolean {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < b.length; i++) pairs.add(`${b[i]} ${b[i + 1]}`);
  for (let i = 0; i + 1 < a.length; i++) {
    const [x, y] = [a[i] as string, a[i + 1] as string];
    if ((specific.has(x) || specific.has(y)) && pairs.has(`${x} ${y}`)) return true;
  }
  return false;
}

/** The candidates of a thread: its messages whole when short enough, else their sentences. */
function* unitsOf(sentences: readonly Sentence[], options: SummaryOptions): Generator<void, Unit[]> {
  const byMessage = new Map<ThreadMessage, Sentence[]>();
  for (const s of sentences) {
    const list = byMessage.get(s.message) ?? [];
    list.push(s);
    byMessage.set(s.message, list);
  }
  yield;
  const units: Unit[] = [];
  let order = 0;
  for (const [message, all] of byMessage) {
    if (order % 500 === 499) yield;
    // "Good morning.", "Thank you very much." and "Let me see." are no part of a point, nor is
    // a sentence of one word beside fuller ones ("Oh, no.") unless it holds a figure: the message's other sentences are.
    const said = all.filter(
      (s) => !CHATTER.test(s.text.trim()) && (all.length === 1 || new Set(s.terms).size >= 2 || /\d/.test(s.text)),
    );
    const list = said.length ? said : all;
    const whole = list.map((s) => s.text).join(" ");
    if (whole.length <= options.maxPointChars) {
      units.push({
        text: whole,
        message,
        order,
        index: (list[0] as Sentence).index,
        terms: list.flatMap((s) => s.terms),
      });
    } else {
      for (const s of list) units.push({ text: s.text, message, order, index: s.index, terms: s.terms });
    }
    order++;
  }
  return units;
}

function* chooseKeyPoints(
  all: readonly Sentence[],
  messages: number,
  taken: ReadonlySet<Sentence>,
  options: SummaryOptions,
): Generator<void, Unit[]> {
  // A point is what someone stated or asked for, or a question others took up; never an
  // open question or an acknowledgement. A request may be a point and is listed apart too.
  const eligible = (s: Sentence) => s.request || !s.question || taken.has(s);
  const units = yield* unitsOf(all.filter(eligible), options);
  const substantive: Unit[] = [];
  for (const [i, u] of units.entries()) {
    if (!CHATTER.test(u.text.trim()) && new Set(u.terms).size >= MIN_TERMS) substantive.push(u);
    if (i % 500 === 499) yield;
  }
  const minimum = messages >= 6 ? options.minKeyPoints : 1;
  const wanted = Math.max(
    minimum,
    Math.min(options.maxKeyPoints, Math.round(options.pointsPerRootMessage * Math.sqrt(messages))),
  );
  let candidates = substantive;
  // A thread of short replies still gets its points: the fuller of the rest make up the number.
  if (candidates.length < wanted) {
    const rest = units
      .filter((u) => !substantive.includes(u) && !CHATTER.test(u.text.trim()) && new Set(u.terms).size > 0)
      .sort((a, b) => new Set(b.terms).size - new Set(a.terms).size);
    candidates = [...candidates, ...rest.slice(0, wanted - candidates.length)];
  }
  if (candidates.length === 0) return [];
  if (candidates.length > options.maxSentences) {
    // Each candidate's distinct terms are counted once, not in every comparison of the sort.
    const distinct = new Map(candidates.map((c) => [c, new Set(c.terms).size]));
    candidates = [...candidates]
      .sort((a, b) => (distinct.get(b) as number) - (distinct.get(a) as number) || a.index - b.index)
      .slice(0, options.maxSentences);
    yield;
  }
  const vectors = yield* tfidfVectorSteps(candidates.map((s) => s.terms));
  const centrality = yield* lexRankSteps(yield* similaritySteps(vectors, SIMILARITY_FLOOR));
  const top = Math.max(...centrality) || 1;
  const richest = Math.max(...candidates.map((c) => new Set(c.terms).size)) || 1;
  const last = Math.max(1, ...candidates.map((c) => c.order));
  const score = candidates.map((c, i) => {
    const substance = Math.log1p(new Set(c.terms).size) / Math.log1p(richest) + (/\d/.test(c.text) ? 0.2 : 0);
    const position = 1 - options.positionWeight * (c.order / last);
    return ((centrality[i] as number) / top + options.substanceWeight * substance) * position;
  });

  const want = Math.min(candidates.length, wanted);
  const termSets = candidates.map((c) => new Set(c.terms));
  const chosen: number[] = [];
  // Each candidate's greatest similarity to a chosen point, kept up to date as points are chosen.
  const redundancyOf = new Float64Array(candidates.length);
  while (chosen.length < want) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < candidates.length; i++) {
      if (chosen.includes(i)) continue;
      const redundancy = redundancyOf[i] as number;
      // One that repeats a chosen point in other company ("Indeed. <the same>") is the same point.
      const repeats = chosen.some((j) => contained(termSets[i] as Set<string>, termSets[j] as Set<string>));
      if ((redundancy >= options.duplicate || repeats) && chosen.length >= minimum) continue;
      const value = (score[i] as number) - options.diversity * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    chosen.push(best);
    const picked = vectors[best] as ReadonlyMap<string, number>;
    for (let i = 0; i < candidates.length; i++) {
      const sim = cosine(vectors[i] as ReadonlyMap<string, number>, picked);
      if (sim >= SIMILARITY_FLOOR && sim > (redundancyOf[i] as number)) redundancyOf[i] = sim;
    }
    yield;
  }
  // In the order they were said: a summary reads like the thread it condenses.
  return chosen.map((i) => candidates[i] as Unit).sort((a, b) => a.index - b.index);
}

/** True when most of the smaller set's terms are in the larger. */
function contained(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return false;
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size >= 0.8;
}

/** Requests and tasks, in the order asked, with who was asked. */
function askedToDo(
  sentences: readonly Sentence[],
  messages: readonly ThreadMessage[],
  options: SummaryOptions,
): AskedToDo[] {
  const names = new Map(messages.map((m) => [m.user, m.name]));
  return sentences
    .filter((s) => s.request)
    .slice(0, options.maxKeyPoints)
    .map((s) => ({
      text: clip(s.text, options.maxPointChars),
      user: s.message.user,
      name: s.message.name,
      ts: s.message.ts,
      asked: [...addressed(s.message, names, s.text)].filter((id) => id !== s.message.user),
    }));
}

/** The thread's main terms, as the words people used, for asking the corpus about the thread. */
function* topicQuery(sentences: readonly Sentence[], analyzer: Analyzer): Generator<void, string | null> {
  const counts = new Map<string, { n: number; surface: Map<string, number> }>();
  let read = 0;
  for (const s of sentences) {
    if (++read % 100 === 0) yield;
    for (const t of analyzer.tokenize(s.text)) {
      if (!t.term) continue;
      const c = counts.get(t.term) ?? { n: 0, surface: new Map<string, number>() };
      c.n++;
      c.surface.set(t.surface, (c.surface.get(t.surface) ?? 0) + 1);
      counts.set(t.term, c);
    }
  }
  const top = [...counts.values()]
    .filter((c) => c.n >= 2 || counts.size < 6)
    .sort((a, b) => b.n - a.n)
    .slice(0, 6)
    .map((c) => [...c.surface].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "");
  return top.length ? top.join(" ") : null;
}

/** Someone addressed by name at the start ("Ana, …") or mentioned. */
function addressed(message: ThreadMessage, names: ReadonlyMap<string, string>, sentence: string): Set<string> {
  const who = new Set(message.mentions);
  const lead = /^@?([\p{L}][\p{L}.' -]{0,40}?)[,:]/u.exec(sentence.trim());
  if (lead) {
    const name = (lead[1] as string).toLowerCase();
    for (const [id, n] of names) if (n.toLowerCase() === name || n.toLowerCase().split(" ")[0] === name) who.add(id);
  }
  return who;
}

/** The questions of the thread that a later message answers (see the module's notes). */
function* questionsTakenUp(
  sentences: readonly Sentence[],
  messages: readonly ThreadMessage[],
  analyzer: Analyzer,
): Generator<void, Set<Sentence>> {
  const names = new Map(messages.map((m) => [m.user, m.name]));
  const pair = names.size === 2;
  const order = new Map(messages.map((m, i) => [m, i]));
  const termsOf = new Map<ThreadMessage, Set<string>>();
  for (const [i, m] of messages.entries()) {
    termsOf.set(m, new Set(analyzer.terms(m.text)));
    if (i % 200 === 199) yield;
  }
  const taken = new Set<Sentence>();
  // Messages looked at since the last step: a question may be taken up far below it.
  let looked = 0;
  for (const q of sentences) {
    if (!q.question) continue;
    if (looked >= 500) {
      looked = 0;
      yield;
    }
    const key = new Set(q.terms);
    const askedTo = addressed(q.message, names, q.text);
    const from = order.get(q.message) as number;
    const needed = Math.min(2, key.size);
    const answers = (m: ThreadMessage) => {
      if (m.user === q.message.user) return false;
      if (askedTo.has(m.user)) return true;
      if (needed === 0) return true; // "Thoughts?": any reply from someone else answers it
      const theirs = termsOf.get(m) as Set<string>;
      let shared = 0;
      for (const t of key) if (theirs.has(t)) shared++;
      return shared >= needed;
    };
    // In conversation the next reply from someone else answers a short question, or one
    // whose words it takes up, or when it opens as answers do ("yes", "I think…");
    // "coffee first" after a real question leaves it open.
    let next = from + 1;
    while (next < messages.length && (messages[next] as ThreadMessage).user === q.message.user) next++;
    looked += next - from;
    const reply = messages[next];
    if (reply && next - from <= 2) {
      const theirs = termsOf.get(reply) as Set<string>;
      const opening = reply.text.trim().replace(INTERJECTION, "");
      // Between two people the other's next turn is the reply, unless it only asks back.
      const turn = pair && next === from + 1 && !/\?["”')\]]*$/.test(reply.text.trim());
      if (turn || key.size <= 1 || [...key].some((t) => theirs.has(t)) || ANSWER_OPENER.test(opening)) {
        taken.add(q);
        continue;
      }
    }
    for (let i = from + 1; i < messages.length; i++) {
      looked++;
      if (answers(messages[i] as ThreadMessage)) {
        taken.add(q);
        break;
      }
    }
  }
  return taken;
}

/** One line for the end of a summary: which key points (numbered from 1) the corpus supports. */
export function supportNote(points: readonly KeyPoint[]): string {
  const supported = points.flatMap((p, i) => (p.support ? [i + 1] : []));
  if (points.length === 0) return "";
  if (supported.length === 0) return "The corpus has nothing on these points.";
  if (supported.length === points.length)
    return points.length === 1 ? "The corpus supports this point." : "The corpus supports every point.";
  const list =
    supported.length === 1
      ? `point ${supported[0]}`
      : `points ${supported.slice(0, -1).join(", ")} and ${supported[supported.length - 1]}`;
  return `The corpus supports ${list}; it has nothing on the others.`;
}
