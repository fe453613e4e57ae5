/**
 * Answer quality on every development set (bench/eval-sets.ts) and on the project's own
 * questions (test/fixtures/own-questions.jsonl, blind-questions*.jsonl), in process, scored as
 * ../shared/eval/score.py scores them.
 *
 *   npm run quality            one line a set
 *   npm run quality -- --json  one JSON object
 */
import { fileURLToPath } from "node:url";
import { BUNDLED_CORPUS_DIR } from "../src/config.js";
import { describeScore, evalSets, evalSetsPresent, knowledgeBaseOf, readQuestions, scoreSet } from "./eval-sets.js";

const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));

// "blind": 80 questions (14 unanswerable) on the bundled articles, written on 2026-12-04 by a
// helper that read only the articles, never the answer code or the other sets; never trained on.
const sets = [
  ...(evalSetsPresent() ? evalSets() : []),
  { name: "own", corpus: BUNDLED_CORPUS_DIR, questions: readQuestions(fixture("own-questions.jsonl")) },
  { name: "blind", corpus: BUNDLED_CORPUS_DIR, questions: readQuestions(fixture("blind-questions.jsonl")) },
  // Another 80 the same way, as three kinds of user would type them (terse editor, paraphrasing analyst, student).
  { name: "blind-2", corpus: BUNDLED_CORPUS_DIR, questions: readQuestions(fixture("blind-questions-2.jsonl")) },
  // And 80 more, as a newsroom and a think tank remember the articles days later; first scored after that day's changes.
  { name: "blind-3", corpus: BUNDLED_CORPUS_DIR, questions: readQuestions(fixture("blind-questions-3.jsonl")) },
];
if (!evalSetsPresent())
  process.stderr.write("quality: ../shared/eval is not beside the project; scoring the own questions only\n");
const scores = [];
for (const set of sets) scores.push(scoreSet(set.name, await knowledgeBaseOf(set.corpus), set.questions));
if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(scores)}\n`);
else for (const s of scores) process.stdout.write(`${describeScore(s)}\n`);
