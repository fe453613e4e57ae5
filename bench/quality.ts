/**
 * Answer quality for a grid of field boosts, in process, on the development questions
 * (../shared/eval, when present) and on test/fixtures/own-questions.jsonl.
 * Scores the same way as ../shared/eval/score.py: gold phrase in an excerpt of at most
 * 400 characters at rank 1..3; unanswerable counts when not confident.
 *
 *   npm run quality            the grid
 *   npm run quality -- --json  one JSON object
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BUNDLED_CORPUS_DIR } from "../src/config.js";
import { KnowledgeBase } from "../src/core/knowledge-base.js";
import { DEFAULT_INDEX_OPTIONS } from "../src/core/search/passage-index.js";
import { MAX_EXCERPT_CHARS } from "../src/core/types.js";

interface Question {
  id: string;
  q: string;
  gold?: string[];
  unanswerable?: boolean;
}

const norm = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim().toLowerCase();

function readSet(path: string): Question[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question);
}

export function score(kb: KnowledgeBase, questions: Question[]) {
  let r1 = 0;
  let r3 = 0;
  let mrr = 0;
  let pos = 0;
  let flagged = 0;
  let neg = 0;
  const misses: string[] = [];
  for (const q of questions) {
    const result = kb.answer(q.q);
    if (q.unanswerable) {
      neg++;
      if (!result.confident || result.answers.length === 0) flagged++;
      else misses.push(q.id);
      continue;
    }
    pos++;
    const rank = result.answers
      .slice(0, 3)
      .findIndex(
        (a) => a.excerpt.length <= MAX_EXCERPT_CHARS && (q.gold ?? []).some((g) => norm(a.excerpt).includes(norm(g))),
      );
    if (rank === 0) r1++;
    if (rank >= 0) {
      r3++;
      mrr += 1 / (rank + 1);
    } else misses.push(q.id);
  }
  const f = (x: number) => Math.round((x / Math.max(1, pos)) * 1000) / 1000;
  return { recall1: f(r1), recall3: f(r3), mrr: f(mrr), flagged: `${flagged}/${neg}`, misses };
}

const { values } = parseArgs({ options: { json: { type: "boolean" } } });
const files = readdirSync(BUNDLED_CORPUS_DIR).map((name) => ({
  name,
  bytes: readFileSync(join(BUNDLED_CORPUS_DIR, name)),
}));
const sets: Record<string, Question[]> = { own: readSet("test/fixtures/own-questions.jsonl") };
const dev = "../shared/eval/dev-questions.jsonl";
if (existsSync(dev)) sets.dev = readSet(dev);

const rows = [];
for (const title of [0, 0.3, 1]) {
  for (const section of [0, 0.6, 1.5]) {
    const index = { ...DEFAULT_INDEX_OPTIONS, boost: { title, section, text: 1 } };
    const kb = KnowledgeBase.fromFiles(files, [], { index });
    const row: Record<string, unknown> = { title, section };
    for (const [name, qs] of Object.entries(sets)) row[name] = score(kb, qs);
    rows.push(row);
  }
}
if (values.json) console.log(JSON.stringify({ default: DEFAULT_INDEX_OPTIONS.boost, rows }));
else {
  console.log(
    `boosts (text 1); default title ${DEFAULT_INDEX_OPTIONS.boost.title}, section ${DEFAULT_INDEX_OPTIONS.boost.section}`,
  );
  for (const r of rows) {
    const cells = Object.keys(sets).map((name) => {
      const s = r[name] as ReturnType<typeof score>;
      return `${name}: r@1 ${s.recall1.toFixed(3)} r@3 ${s.recall3.toFixed(3)} MRR ${s.mrr.toFixed(3)} flagged ${s.flagged}${s.misses.length ? ` (miss ${s.misses.join(" ")})` : ""}`;
    });
    console.log(`title ${String(r.title).padEnd(4)} section ${String(r.section).padEnd(4)} | ${cells.join(" | ")}`);
  }
}
