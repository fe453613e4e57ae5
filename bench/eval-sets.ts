/**
 * The development question sets in ../shared/eval and their corpora, scored the way
 * ../shared/eval/score.py scores them (a gold phrase in an excerpt of at most 400
 * characters at rank 1 to 3; an unanswerable question is right when not answered).
 * Shared by the training script (bench/train-ranker.ts), `npm run quality` and the
 * quality floor in test/quality.test.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BUNDLED_CORPUS_DIR } from "../src/config.js";
import { KnowledgeBase, type KnowledgeBaseOptions } from "../src/core/knowledge-base.js";
import { MAX_EXCERPT_CHARS } from "../src/core/types.js";
import { readCorpusFolder } from "../src/io/corpus-folder.js";

export const EVAL_DIR = fileURLToPath(new URL("../../shared/eval/", import.meta.url));

export interface Question {
  readonly id?: string;
  readonly q: string;
  readonly gold?: readonly string[];
  readonly unanswerable?: boolean;
}

export interface EvalSet {
  readonly name: string;
  readonly corpus: string;
  readonly questions: readonly Question[];
}

const norm = (s: string) =>
  s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

export function readQuestions(path: string): Question[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question);
}

/** True when ../shared/eval is beside the project (it is in CI and on the development machines). */
export function evalSetsPresent(): boolean {
  return existsSync(`${EVAL_DIR}dev-questions.jsonl`);
}

/**
 * The project's blind sets on the bundled articles (test/fixtures/blind-questions*.jsonl):
 * 80 questions each, 14 unanswerable, written on 2026-12-04 by helpers that read only the
 * articles, never the answer code or the other sets. "blind" as they came; "blind-2" as a
 * terse editor, a paraphrasing analyst and a student type them; "blind-3" as a newsroom
 * remembers the articles days later, written after that day's changes; "blind-4" (2026-12-06)
 * as a Slack bot's analysts type, mostly paraphrase, written during that day's changes. The
 * first two are training questions (bench/train-ranker.ts); the third and fourth are never
 * trained on, the checks.
 */
export function blindSets(): EvalSet[] {
  return ["blind-questions.jsonl", "blind-questions-2.jsonl", "blind-questions-3.jsonl", "blind-questions-4.jsonl"].map(
    (file, i) => ({
      name: i === 0 ? "blind" : `blind-${i + 1}`,
      corpus: BUNDLED_CORPUS_DIR,
      questions: readQuestions(fileURLToPath(new URL(`../test/fixtures/${file}`, import.meta.url))),
    }),
  );
}

/** The two sets on the bundled corpus (as one), and the SQuAD 2.0 and MLQA sets with their own corpora. */
export function evalSets(): EvalSet[] {
  return [
    {
      name: "dev",
      corpus: BUNDLED_CORPUS_DIR,
      questions: [
        ...readQuestions(`${EVAL_DIR}dev-questions.jsonl`),
        ...readQuestions(`${EVAL_DIR}dev-questions-2.jsonl`),
      ],
    },
    ...["squad2-dev", "mlqa-dev"].map((name) => ({
      name,
      corpus: `${EVAL_DIR}general/${name}/corpus`,
      questions: readQuestions(`${EVAL_DIR}general/${name}/questions.jsonl`),
    })),
  ];
}

export async function knowledgeBaseOf(dir: string, options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
  const folder = await readCorpusFolder(dir);
  return KnowledgeBase.fromFiles(folder.files, folder.unreadable, options);
}

export const holdsGold = (text: string, q: Question): boolean =>
  text.length <= MAX_EXCERPT_CHARS && (q.gold ?? []).some((g) => norm(text).includes(norm(g)));

export interface SetScore {
  readonly name: string;
  readonly answerable: number;
  readonly recallAt1: number;
  readonly recallAt3: number;
  readonly mrr: number;
  /** Answerable questions given no answer. */
  readonly declined: number;
  readonly unanswerable: number;
  /** Unanswerable questions given no answer (the right outcome). */
  readonly flagged: number;
  readonly misses: readonly string[];
}

/** Scores one set through the real answer path. */
export function scoreSet(name: string, kb: KnowledgeBase, questions: readonly Question[]): SetScore {
  let r1 = 0;
  let r3 = 0;
  let mrr = 0;
  let answerable = 0;
  let declined = 0;
  let unanswerable = 0;
  let flagged = 0;
  const misses: string[] = [];
  for (const q of questions) {
    const result = kb.answer(q.q);
    const answered = result.confident && result.answers.length > 0;
    if (q.unanswerable) {
      unanswerable++;
      if (!answered) flagged++;
      else misses.push(q.id ?? q.q);
      continue;
    }
    answerable++;
    if (!answered) declined++;
    const rank = result.answers.slice(0, 3).findIndex((a) => holdsGold(a.excerpt, q));
    if (rank === 0) r1++;
    if (rank >= 0) {
      r3++;
      mrr += 1 / (rank + 1);
    } else misses.push(q.id ?? q.q);
  }
  const n = Math.max(1, answerable);
  return {
    name,
    answerable,
    recallAt1: r1 / n,
    recallAt3: r3 / n,
    mrr: mrr / n,
    declined,
    unanswerable,
    flagged,
    misses,
  };
}

export function describeScore(s: SetScore): string {
  return `${s.name.padEnd(11)} recall@1 ${s.recallAt1.toFixed(3)} recall@3 ${s.recallAt3.toFixed(3)} MRR ${s.mrr.toFixed(3)} unanswerable flagged ${s.flagged}/${s.unanswerable} answerable declined ${s.declined}/${s.answerable}`;
}
