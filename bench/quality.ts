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
import {
  blindSets,
  describeScore,
  evalSets,
  evalSetsPresent,
  knowledgeBaseOf,
  readQuestions,
  scoreSet,
} from "./eval-sets.js";

const sets = [
  ...(evalSetsPresent() ? evalSets() : []),
  {
    name: "own",
    corpus: BUNDLED_CORPUS_DIR,
    questions: readQuestions(fileURLToPath(new URL("../test/fixtures/own-questions.jsonl", import.meta.url))),
  },
  ...blindSets(),
];
if (!evalSetsPresent())
  process.stderr.write("quality: ../shared/eval is not beside the project; scoring the own questions only\n");
const scores = [];
for (const set of sets) scores.push(scoreSet(set.name, await knowledgeBaseOf(set.corpus), set.questions));
if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(scores)}\n`);
else for (const s of scores) process.stdout.write(`${describeScore(s)}\n`);
