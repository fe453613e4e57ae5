/**
 * Takeaways and thread summaries scored with ROUGE against the project's reference sets
 * (test/fixtures/summaries/: news articles with extractive references, chat threads with written
 * summaries), beside simple extractive baselines on the same items.
 *
 *   npm run quality:summaries            a table
 *   npm run quality:summaries -- --json  one JSON object
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { lexRank, similarities, tfidfVectors } from "../src/core/centrality/centrality.js";
import { splitSentences } from "../src/core/corpus/sentences.js";
import { KnowledgeBase } from "../src/core/knowledge-base.js";
import { STOP_WORDS } from "../src/core/search/stop-words.js";
import type { ThreadMessage } from "../src/core/summarize/summarize-thread.js";
import { bundledFiles } from "../test/helpers/corpus.js";
import { meanRouge, type Rouge, rouge, rougeTokens } from "./rouge.js";

interface Article {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly reference: readonly string[];
}
interface Thread {
  readonly id: string;
  readonly kind: "everyday" | "spoken" | "analyst";
  readonly messages: readonly { readonly user: string; readonly text: string }[];
  readonly reference: string;
  /** A second annotator's summary at SAMSum's length (about 20 words), for the everyday chats. */
  readonly shortReference?: string;
  readonly asks?: readonly string[];
}

const jsonl = <T>(name: string): T[] =>
  readFileSync(fileURLToPath(new URL(`../test/fixtures/summaries/${name}`, import.meta.url)), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

const encode = (s: string) => new TextEncoder().encode(s);

/** Plain LexRank over a text's sentences: the baseline the takeaways are measured against. */
function lexRankTop(sentences: readonly string[], k: number): string[] {
  const terms = sentences.map((s) => rougeTokens(s).filter((t) => !STOP_WORDS.has(t)));
  const scores = lexRank(similarities(tfidfVectors(terms), 0.1));
  return scores
    .map((score, i) => ({ score, i }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .sort((a, b) => a.i - b.i)
    .map(({ i }) => sentences[i] as string);
}

const unbalanced = (s: string) => ((s.match(/["“”]/g) ?? []).length % 2 === 1 ? 1 : 0);

function scoreArticles(articles: readonly Article[]) {
  const ours: Rouge[] = [];
  const lex: Rouge[] = [];
  const lead: Rouge[] = [];
  let takeaways = 0;
  let unbalancedQuotes = 0;
  let startQuote = 0;
  for (const a of articles) {
    const reference = a.reference.join(" ");
    const kb = KnowledgeBase.fromFiles([{ name: `${a.id}.txt`, bytes: encode(`${a.title}\n\n${a.text}`) }]);
    const mine = kb.takeaways().map((t) => t.text);
    takeaways += mine.length;
    unbalancedQuotes += mine.reduce((n, t) => n + unbalanced(t), 0);
    startQuote += mine.filter((t) => /^["“]/.test(t)).length;
    ours.push(rouge(mine.join(" "), reference));
    const sentences = a.text.split(/\n\s*\n/).flatMap((p) => splitSentences(p));
    lex.push(rouge(lexRankTop(sentences, 5).join(" "), reference));
    lead.push(rouge(sentences.slice(0, 5).join(" "), reference));
  }
  return {
    items: articles.length,
    nkru: meanRouge(ours),
    lexRank5: meanRouge(lex),
    first5: meanRouge(lead),
    takeaways,
    unbalancedQuotes,
    startQuote,
  };
}

function scoreThreads(threads: readonly Thread[], kind: Thread["kind"]) {
  const kb = KnowledgeBase.fromFiles(bundledFiles());
  const ours: Rouge[] = [];
  const first: Rouge[] = [];
  const longest: Rouge[] = [];
  const short = { ours: [] as Rouge[], first: [] as Rouge[], longest: [] as Rouge[] };
  let points = 0;
  let supported = 0;
  let outOfRange = 0;
  let asksWanted = 0;
  let asksFound = 0;
  let asksAsOpen = 0;
  const selected = threads.filter((t) => t.kind === kind);
  for (const t of selected) {
    const messages: ThreadMessage[] = t.messages.map((m, i) => ({
      ts: `1700000000.${String(i).padStart(6, "0")}`,
      user: `U${m.user.toUpperCase()}`,
      name: m.user,
      text: m.text,
      mentions: [],
    }));
    const result = kb.summarizeThread(messages);
    const summary = result.ok ? result.summary : null;
    const keyPoints = summary?.keyPoints ?? [];
    points += keyPoints.length;
    supported += keyPoints.filter((p) => p.support).length;
    if (messages.length >= 6 && (keyPoints.length < 3 || keyPoints.length > 7)) outOfRange++;
    const asked = summary?.askedToDo ?? [];
    for (const ask of t.asks ?? []) {
      asksWanted++;
      if (asked.some((a) => a.text.includes(ask) || ask.includes(a.text))) asksFound++;
      if (summary?.openQuestions.some((q) => q.text.includes(ask) || ask.includes(q.text))) asksAsOpen++;
    }
    const mine = keyPoints.map((p) => p.text).join(" ");
    const firstThree = t.messages
      .slice(0, 3)
      .map((m) => m.text)
      .join(" ");
    const longestThree = [...t.messages]
      .sort((a, b) => b.text.length - a.text.length)
      .slice(0, 3)
      .map((m) => m.text)
      .join(" ");
    ours.push(rouge(mine, t.reference));
    first.push(rouge(firstThree, t.reference));
    longest.push(rouge(longestThree, t.reference));
    if (t.shortReference) {
      short.ours.push(rouge(mine, t.shortReference));
      short.first.push(rouge(firstThree, t.shortReference));
      short.longest.push(rouge(longestThree, t.shortReference));
    }
  }
  return {
    items: selected.length,
    nkru: meanRouge(ours),
    first3: meanRouge(first),
    longest3: meanRouge(longest),
    short: short.ours.length
      ? {
          items: short.ours.length,
          nkru: meanRouge(short.ours),
          first3: meanRouge(short.first),
          longest3: meanRouge(short.longest),
        }
      : null,
    keyPoints: points,
    supported,
    outOfRange,
    asks: { wanted: asksWanted, found: asksFound, asOpenQuestions: asksAsOpen },
  };
}

const report = {
  articles: scoreArticles(jsonl<Article>("articles.jsonl")),
  // Public extractive references: BBC News Summary (Pariza Sharif, 2018, CC0), as copied in
  // adamchristiansen/text-summarizer's corpus/ (one sentence a line); see the README's "Measured summary quality".
  bbc: scoreArticles(jsonl<Article>("bbc-articles.jsonl")),
  everyday: scoreThreads(jsonl<Thread>("threads.jsonl"), "everyday"),
  spoken: scoreThreads(jsonl<Thread>("threads.jsonl"), "spoken"),
  analyst: scoreThreads(jsonl<Thread>("threads.jsonl"), "analyst"),
};
if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  const r = (x: Rouge) => `${x.r1.toFixed(1)} / ${x.r2.toFixed(1)} / ${x.rL.toFixed(1)}`;
  for (const [label, a] of [
    ["takeaways", report.articles],
    ["takeaways, BBC News Summary", report.bbc],
  ] as const) {
    process.stdout.write(
      `${label} (${a.items} articles, ROUGE-1/2/L F1): nkru ${r(a.nkru)}; LexRank-5 ${r(a.lexRank5)}; first-5 ${r(a.first5)}; ${a.unbalancedQuotes}/${a.takeaways} unbalanced quotes, ${a.startQuote} start with a quote\n`,
    );
  }
  for (const k of ["everyday", "spoken", "analyst"] as const) {
    const t = report[k];
    process.stdout.write(
      `key points, ${k} (${t.items} threads): nkru ${r(t.nkru)}; first-3 ${r(t.first3)}; longest-3 ${r(t.longest3)}; ${t.keyPoints} points, ${t.supported} with corpus support, ${t.outOfRange} threads outside 3–7; asks ${t.asks.found}/${t.asks.wanted} listed, ${t.asks.asOpenQuestions} as open questions\n`,
    );
    if (t.short)
      process.stdout.write(
        `  against a second annotator's SAMSum-length summaries (${t.short.items}): nkru ${r(t.short.nkru)}; first-3 ${r(t.short.first3)}; longest-3 ${r(t.short.longest3)}\n`,
      );
  }
}
