/**
 * Summarises a conversation thread extractively and says what the corpus has on it.
 *
 * - Key points: the most central sentences of the discussion (see centrality.ts),
 *   picked with maximal marginal relevance so that different sub-topics are
 *   represented rather than one point said three ways.
 * - Open questions: questions no later message answers. A later message from someone
 *   the question addressed or mentioned, or one from someone else sharing the
 *   question's key terms, counts as an answer.
 * - From the corpus: excerpts for the thread's main terms, and for each key point the
 *   excerpt that supports it, or nothing.
 *
 * Input is plain text: adapters turn Slack's markup into words and leave code out.
 */

import { drain, lexRankSteps, similaritySteps, tfidfVectors } from "../centrality/centrality.js";
import { splitSentences } from "../corpus/sentences.js";
import type { Analyzer } from "../search/analyzer.js";
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
}

export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = {
  minKeyPoints: 3,
  maxKeyPoints: 7,
  diversity: 0.6,
  duplicate: 0.7,
  maxSentences: 1500,
  maxPointChars: 300,
};

interface Sentence {
  text: string;
  message: ThreadMessage;
  index: number;
  terms: string[];
  question: boolean;
}

/** Words that carry no point on their own: a sentence needs this many distinct terms to be one. */
const MIN_TERMS = 3;

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
    if (++read % 100 === 0) yield;
    for (const text of splitSentences(m.text)) {
      const terms = analyzer.terms(text);
      if (new Set(terms).size === 0) continue;
      sentences.push({ text, message: m, index: sentences.length, terms, question: /\?["”')\]]*$/.test(text) });
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
  for (const s of yield* chooseKeyPoints(sentences, options)) {
    const support = answer(s.text);
    keyPoints.push({
      text: clip(s.text, options.maxPointChars),
      user: s.message.user,
      name: s.message.name,
      ts: s.message.ts,
      support: support.confident ? (support.answers[0] ?? null) : null,
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
      openQuestions: yield* openQuestions(sentences, messages, analyzer, options),
      related: related?.confident ? related.answers.slice(0, 3) : [],
    },
  };
}

function* chooseKeyPoints(all: readonly Sentence[], options: SummaryOptions): Generator<void, Sentence[]> {
  let candidates = all.filter((s) => !s.question && new Set(s.terms).size >= MIN_TERMS);
  if (candidates.length === 0) candidates = all.filter((s) => !s.question);
  if (candidates.length === 0) return [];
  if (candidates.length > options.maxSentences) {
    // Each sentence's distinct terms are counted once, not in every comparison of the sort.
    const distinct = new Map(candidates.map((c) => [c, new Set(c.terms).size]));
    candidates = [...candidates]
      .sort((a, b) => (distinct.get(b) as number) - (distinct.get(a) as number) || a.index - b.index)
      .slice(0, options.maxSentences);
    yield;
  }
  const vectors = tfidfVectors(candidates.map((s) => s.terms));
  yield;
  const sims = yield* similaritySteps(vectors, 0.05);
  const centrality = yield* lexRankSteps(sims);
  const top = Math.max(...centrality);
  const score = centrality.map((c) => c / (top || 1));

  const want = Math.min(
    candidates.length,
    Math.max(options.minKeyPoints, Math.min(options.maxKeyPoints, Math.ceil(Math.sqrt(candidates.length)))),
  );
  const chosen: number[] = [];
  while (chosen.length < want) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < candidates.length; i++) {
      if (chosen.includes(i)) continue;
      const redundancy = Math.max(0, ...chosen.map((j) => sims[i]?.get(j) ?? 0));
      if (redundancy >= options.duplicate) continue;
      const value = (score[i] as number) - options.diversity * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    chosen.push(best);
    yield;
  }
  // In the order they were said: a summary reads like the thread it condenses.
  return chosen.map((i) => candidates[i] as Sentence).sort((a, b) => a.index - b.index);
}

/** The thread's main terms, as the words people used, for asking the corpus about the thread. */
function* topicQuery(sentences: readonly Sentence[], analyzer: Analyzer): Generator<void, string | null> {
  const counts = new Map<string, { n: number; surface: Map<string, number> }>();
  let read = 0;
  for (const s of sentences) {
    if (++read % 500 === 0) yield;
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

function* openQuestions(
  sentences: readonly Sentence[],
  messages: readonly ThreadMessage[],
  analyzer: Analyzer,
  options: SummaryOptions,
): Generator<void, OpenQuestion[]> {
  const names = new Map(messages.map((m) => [m.user, m.name]));
  const order = new Map(messages.map((m, i) => [m, i]));
  const termsOf = new Map<ThreadMessage, Set<string>>();
  for (const [i, m] of messages.entries()) {
    termsOf.set(m, new Set(analyzer.terms(m.text)));
    if (i % 200 === 199) yield;
  }
  const open: OpenQuestion[] = [];
  let asked = 0;
  for (const q of sentences) {
    if (!q.question) continue;
    if (++asked % 5 === 0) yield;
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
    let answered = false;
    for (let i = from + 1; i < messages.length && !answered; i++) answered = answers(messages[i] as ThreadMessage);
    if (!answered) {
      open.push({
        text: clip(q.text, options.maxPointChars),
        user: q.message.user,
        name: q.message.name,
        ts: q.message.ts,
      });
    }
  }
  return open;
}
