/**
 * Index build, saved-index size, start-up, memory and answer latency: nkru against
 * FlexSearch 0.8 (its `suggest` search on the text, top 10) and a default MiniSearch over
 * the same passages and questions, on generated corpora of growing size; and how often
 * each finds the passage a question was written from (nkru among its excerpts, the
 * others in their top 3).
 *
 *   npm run bench                                          5,000, 50,000 and 500,000 passages
 *   npm run bench -- --sizes 5000,50000 --questions 500 --seed 1 --json
 *
 * Each size's corpus comes from bench/generate-corpus.ts, is checked with nkru's parser
 * and written to a temporary folder. Each engine then runs in two fresh processes, so
 * that a peak RSS belongs to one engine at one size and a load is a real cold start:
 * - build: read the files, build the index, save it (buildMs, savedMB);
 * - serve: read the files and the saved index, load it (loadMs), answer the questions
 *   after a warm-up (p50/p95/p99 of each answer, in milliseconds). FlexSearch has no
 *   saved form here: its load is a build from the passages.
 * rssMB is the higher of the two peaks. MB here is 2^20 bytes.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Index as FlexIndex } from "flexsearch";
import MiniSearch from "minisearch";
import { buildCorpus } from "../src/core/corpus/build-corpus.js";
import { KnowledgeBase } from "../src/core/knowledge-base.js";
import type { Corpus, SourceFile } from "../src/core/types.js";
import { batches } from "../src/io/atomic-write.js";
import {
  checkPassageCount,
  generateCorpus,
  generateQuestionsWithSources,
  type SourcedQuestion,
} from "./generate-corpus.js";

const ENGINES = ["nkru", "flexsearch", "minisearchDefault"] as const;
type Engine = (typeof ENGINES)[number];

/** The reference indexes what nkru indexes, with MiniSearch's own tokenizer and scoring. */
const REFERENCE_FIELDS = ["title", "section", "text"];
const REFERENCE_SEARCH = { fuzzy: 0.2, prefix: true } as const;
const WARM_UP = 50;
/** The targets, stated for 50,000 passages. */
const TARGETS = { passages: 50_000, p99: 30, loadMs: 1500, rssMB: 600 };
/** The targets at 500,000 passages. */
const LARGE_TARGETS = { passages: 500_000, buildMs: 120_000, loadMs: 4000, p99: 25, rssMB: 2560 };

interface EngineFigures {
  /** Share of the questions written from a passage for which that passage was found. */
  found: number;
  buildMs: number;
  loadMs: number;
  savedMB: number;
  rssMB: number;
  p50: number;
  p95: number;
  p99: number;
}

interface BuildReport {
  buildMs: number;
  savedBytes: number;
  maxRssKB: number;
}

interface ServeReport {
  loadMs: number;
  maxRssKB: number;
  p50: number;
  p95: number;
  p99: number;
  /** Questions answered: with confidence for nkru, with at least one hit for the reference. */
  answered: number;
  /** Questions with a source passage, and those whose source was found. */
  sourced: number;
  found: number;
  slowest: { ms: number; question: string }[];
}

const SCRIPT = fileURLToPath(import.meta.url);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const maxRssKB = () => process.resourceUsage().maxRSS;
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** FlexSearch as the issue measured it: its default Index over the passage texts, `suggest` search, top 10. */
const FLEX_SEARCH = { limit: 10, suggest: true } as const;

function flexIndex(corpus: Corpus): FlexIndex {
  const index = new FlexIndex();
  for (const p of corpus.passages) index.add(p.id, p.text);
  return index;
}

function readCorpusDir(dir: string): SourceFile[] {
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

function referenceDocs(corpus: Corpus) {
  const titles = new Map(corpus.documents.map((d) => [d.id, d.title]));
  return corpus.passages.map((p) => ({
    id: p.id,
    title: titles.get(p.docId) ?? "",
    section: p.section ?? "",
    text: p.text,
  }));
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)] ?? 0;
}

// ---------------------------------------------------------------------------------------
// Worker side: one phase of one engine, reporting one JSON line on stdout.

function buildPhase(engine: Engine, dir: string): BuildReport {
  let serialize: () => Iterable<string>;
  const started = performance.now();
  const files = readCorpusDir(join(dir, "corpus"));
  if (engine === "nkru") {
    const kb = KnowledgeBase.fromFiles(files);
    serialize = () => kb.serializeParts();
  } else if (engine === "flexsearch") {
    flexIndex(buildCorpus(files));
    serialize = () => [];
  } else {
    const ms = new MiniSearch({ fields: REFERENCE_FIELDS, storeFields: [] });
    ms.addAll(referenceDocs(buildCorpus(files)));
    serialize = () => [JSON.stringify(ms)];
  }
  const buildMs = performance.now() - started;
  // Written in parts, as the app writes it (src/io/atomic-write.ts).
  const fd = openSync(join(dir, `${engine}.index.json`), "w");
  let savedBytes = 0;
  for (const batch of batches(serialize())) savedBytes += writeSync(fd, batch);
  closeSync(fd);
  return { buildMs, savedBytes, maxRssKB: maxRssKB() };
}

function servePhase(engine: Engine, dir: string): ServeReport {
  const sourced = JSON.parse(readFileSync(join(dir, "questions.json"), "utf8")) as SourcedQuestion[];
  const questions = sourced.map((s) => s.question);

  let answer: (q: string) => boolean;
  /** The passages an engine shows for a question, as "docId#ordinal". */
  let shown: (q: string) => string[];
  let warmUp = () => {};
  // Start-up as the app does it: read the corpus folder and the saved index, load.
  const started = performance.now();
  const files = readCorpusDir(join(dir, "corpus"));
  // nkru writes its saved form as ASCII and reads it as Latin-1, as the app does.
  const saved =
    engine === "flexsearch"
      ? ""
      : readFileSync(join(dir, `${engine}.index.json`), engine === "nkru" ? "latin1" : "utf8");
  if (engine === "nkru") {
    const kb = KnowledgeBase.fromFiles(files, [], { saved });
    if (kb.indexOrigin !== "loaded") {
      throw new Error(`nkru did not use the saved index (${kb.indexOrigin}); did src/ change between the phases?`);
    }
    answer = (q) => kb.answer(q).confident;
    shown = (q) => kb.answer(q).answers.map((a) => `${a.source.id}#${a.source.passage}`);
    // What the app works out in slices right after it is ready (the takeaways aside, which answers never use),
    // its practice answers included; NKRU_BENCH_PRACTICE=0 leaves them out.
    warmUp = () => {
      for (const _ of kb.answerWarmUpSteps());
      for (const _ of kb.practiceSteps(process.env.NKRU_BENCH_PRACTICE === "0" ? 0 : undefined));
      for (const _ of kb.readAheadSteps());
    };
  } else if (engine === "flexsearch") {
    const corpus = buildCorpus(files);
    const index = flexIndex(corpus);
    const key = (id: number) => `${corpus.passages[id]?.docId}#${corpus.passages[id]?.ordinal}`;
    answer = (q) => index.search(q, FLEX_SEARCH).length > 0;
    shown = (q) => (index.search(q, FLEX_SEARCH) as number[]).slice(0, 3).map(key);
  } else {
    const corpus = buildCorpus(files);
    const ms = MiniSearch.loadJSON(saved, { fields: REFERENCE_FIELDS, storeFields: [] });
    const key = (id: number) => `${corpus.passages[id]?.docId}#${corpus.passages[id]?.ordinal}`;
    answer = (q) => ms.search(q, REFERENCE_SEARCH).length > 0;
    shown = (q) =>
      ms
        .search(q, REFERENCE_SEARCH)
        .slice(0, 3)
        .map((r) => key(r.id as number));
  }
  const loadMs = performance.now() - started;

  warmUp();
  for (const q of questions.slice(0, WARM_UP)) answer(q);
  const timed: { ms: number; question: string }[] = [];
  let answered = 0;
  for (const question of questions.slice(WARM_UP)) {
    const t0 = performance.now();
    // Counting the outcome keeps the work observable, so nothing can be optimised away.
    if (answer(question)) answered++;
    timed.push({ ms: performance.now() - t0, question });
  }
  const sorted = timed.map((t) => t.ms).sort((a, b) => a - b);
  // Outside the timing: whether the passage a question was written from is shown.
  let withSource = 0;
  let found = 0;
  for (const s of sourced.slice(WARM_UP)) {
    if (!s.source) continue;
    withSource++;
    if (shown(s.question).includes(`${s.source.docId}#${s.source.ordinal}`)) found++;
  }
  return {
    sourced: withSource,
    found,
    loadMs,
    maxRssKB: maxRssKB(),
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    answered,
    slowest: [...timed].sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
}

// ---------------------------------------------------------------------------------------
// Parent side: generate, spawn, tabulate.

/** Re-runs this script in a fresh Node with the same loader flags (tsx's), so each phase has its own heap and RSS. */
function runWorker<T>(args: string[]): T {
  const child = spawnSync(process.execPath, [...process.execArgv, SCRIPT, "--worker", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`worker ${args.join(" ")} failed (exit ${child.status ?? child.signal})`);
  const last = child.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as T;
}

interface SizeResult {
  passages: number;
  documents: number;
  textMB: number;
  nkru: EngineFigures;
  flexsearch: EngineFigures;
  minisearchDefault: EngineFigures;
  notes: Record<Engine, { rssBuildMB: number; rssServeMB: number; answered: number; slowest: ServeReport["slowest"] }>;
}

function measureSize(size: number, seed: number, questionCount: number): SizeResult {
  progress(`${size.toLocaleString("en")} passages: generating the corpus and ${questionCount} questions`);
  const files = generateCorpus(size, seed);
  const corpus = checkPassageCount(files, size);
  const questions = generateQuestionsWithSources(WARM_UP + questionCount, seed, corpus);
  const dir = mkdtempSync(join(os.tmpdir(), `nkru-bench-${size}-`));
  try {
    mkdirSync(join(dir, "corpus"));
    for (const f of files) writeFileSync(join(dir, "corpus", f.name), f.bytes);
    writeFileSync(join(dir, "questions.json"), JSON.stringify(questions));

    const figures = {} as Record<Engine, EngineFigures>;
    const notes = {} as SizeResult["notes"];
    for (const engine of ENGINES) {
      if (!selected.includes(engine)) {
        figures[engine] = { found: 0, buildMs: 0, loadMs: 0, savedMB: 0, rssMB: 0, p50: 0, p95: 0, p99: 0 };
        notes[engine] = { rssBuildMB: 0, rssServeMB: 0, answered: 0, slowest: [] };
        continue;
      }
      progress(`  ${engine}: build`);
      const built = runWorker<BuildReport>(["--phase", "build", "--engine", engine, "--dir", dir]);
      progress(`  ${engine}: load and answer`);
      const served = runWorker<ServeReport>(["--phase", "serve", "--engine", engine, "--dir", dir]);
      const rssBuildMB = built.maxRssKB / 1024;
      const rssServeMB = served.maxRssKB / 1024;
      figures[engine] = {
        found: round(served.found / Math.max(1, served.sourced), 3),
        buildMs: round(built.buildMs),
        loadMs: round(served.loadMs),
        savedMB: round(built.savedBytes / 2 ** 20, 2),
        rssMB: round(Math.max(rssBuildMB, rssServeMB)),
        p50: round(served.p50, 3),
        p95: round(served.p95, 3),
        p99: round(served.p99, 3),
      };
      notes[engine] = {
        rssBuildMB: round(rssBuildMB),
        rssServeMB: round(rssServeMB),
        answered: served.answered,
        slowest: served.slowest,
      };
    }
    return {
      passages: corpus.passages.length,
      documents: corpus.documents.length,
      textMB: round(files.reduce((s, f) => s + f.bytes.length, 0) / 2 ** 20, 1),
      nkru: figures.nkru,
      flexsearch: figures.flexsearch,
      minisearchDefault: figures.minisearchDefault,
      notes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The 1-minute load average when the run began, to tell a busy machine's figures from a quiet one's. */
const loadAtStart = round(os.loadavg()[0] ?? 0, 2);

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    loadAverage: { start: loadAtStart, end: round(os.loadavg()[0] ?? 0, 2) },
  };
}

const COLUMNS: [keyof EngineFigures, string, number][] = [
  ["found", "found", 8],
  ["buildMs", "build ms", 10],
  ["loadMs", "load ms", 10],
  ["savedMB", "saved MB", 10],
  ["rssMB", "peak RSS MB", 13],
  ["p50", "p50 ms", 9],
  ["p95", "p95 ms", 9],
  ["p99", "p99 ms", 9],
];

function table(results: SizeResult[], questionCount: number, seed: number, baselineMB: number): string {
  const m = machine();
  const lines = [
    `nkru benchmark on ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB; Node ${m.node}; ${m.os}`,
    `1-minute load average ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end (other work on the machine inflates the times).`,
    `Generated corpora (seed ${seed}); per size ${questionCount} questions after ${WARM_UP} warm-up: about 40% from corpus sentences, 20% single words, 20% with a typo, 20% off-topic.`,
    `nkru: KnowledgeBase.fromFiles, then kb.answer(q) (the whole answer path). FlexSearch 0.8: default Index over the passage texts, search(q, { limit: 10, suggest: true }); its load is a build. MiniSearch: default, over the same passages, search(q, { fuzzy: 0.2, prefix: true }).`,
    `found: share of the questions written from a passage whose passage is among nkru's excerpts, or in FlexSearch's or MiniSearch's top 3.`,
    `Peak RSS is the higher of the build and serve processes' peaks; Node with tsx and the modules alone peaks at ${round(baselineMB)} MB.`,
    "",
    `${"passages".padStart(8)}  ${"engine".padEnd(19)}${COLUMNS.map(([, h, w]) => h.padStart(w)).join("")}`,
  ];
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  for (const r of results) {
    const n = r.passages.toLocaleString("en").padStart(8);
    for (const engine of ENGINES) {
      if (!selected.includes(engine)) continue;
      lines.push(`${n}  ${engine.padEnd(19)}${COLUMNS.map(([k, , w]) => fmt(r[engine][k]).padStart(w)).join("")}`);
    }
    const ratio = COLUMNS.map(([k, , w]) => {
      const ref = r.flexsearch[k];
      return (ref > 0 ? `${(r.nkru[k] / ref).toFixed(2)}×` : "–").padStart(w);
    });
    lines.push(`${"".padStart(8)}  ${"nkru / flexsearch".padEnd(19)}${ratio.join("")}`);
  }
  lines.push("");
  for (const r of results) {
    const n = r.passages.toLocaleString("en");
    const k = r.notes.nkru;
    const ref = r.notes.minisearchDefault;
    lines.push(
      `${n} passages in ${r.documents.toLocaleString("en")} documents, ${r.textMB} MB of text.`,
      `  RSS build/serve: nkru ${k.rssBuildMB}/${k.rssServeMB} MB, reference ${ref.rssBuildMB}/${ref.rssServeMB} MB.` +
        ` nkru answered ${k.answered}/${questionCount} with confidence; the reference found hits for ${ref.answered}.`,
      `  Slowest nkru answers: ${k.slowest.map((s) => `${s.ms.toFixed(1)} ms ${JSON.stringify(s.question)}`).join("; ")}`,
    );
  }
  const large = results.find((r) => r.passages >= LARGE_TARGETS.passages * 0.95);
  if (large) {
    const check = (ok: boolean) => (ok ? "met" : "MISSED");
    const t = LARGE_TARGETS;
    lines.push(
      "",
      `Targets at ${large.passages.toLocaleString("en")} passages:` +
        ` build ${(large.nkru.buildMs / 1000).toFixed(1)} s (≤ ${t.buildMs / 1000}: ${check(large.nkru.buildMs <= t.buildMs)});` +
        ` ready from the saved index ${(large.nkru.loadMs / 1000).toFixed(1)} s (≤ ${t.loadMs / 1000}: ${check(large.nkru.loadMs <= t.loadMs)});` +
        ` answer p99 ${large.nkru.p99.toFixed(1)} ms (≤ ${t.p99}: ${check(large.nkru.p99 <= t.p99)});` +
        ` peak RSS ${large.nkru.rssMB} MB (≤ ${t.rssMB}: ${check(large.nkru.rssMB <= t.rssMB)}).`,
    );
  }
  for (const r of results) {
    const ahead = (k: "p50" | "p99") => r.nkru[k] <= r.flexsearch[k];
    lines.push(
      `Against FlexSearch at ${r.passages.toLocaleString("en")}: p50 ${ahead("p50") ? "at or below" : "ABOVE"}, p99 ${ahead("p99") ? "at or below" : "ABOVE"}, source found ${r.nkru.found >= r.flexsearch.found ? "as often or more" : "LESS often"} (${(100 * r.nkru.found).toFixed(1)}% against ${(100 * r.flexsearch.found).toFixed(1)}%).`,
    );
  }
  const at = results.find((r) => r.passages >= TARGETS.passages * 0.95 && r.passages < LARGE_TARGETS.passages * 0.95);
  if (at) {
    const check = (ok: boolean) => (ok ? "met" : "MISSED");
    lines.push(
      "",
      `Targets at ${at.passages.toLocaleString("en")} passages:` +
        ` answer p99 ${at.nkru.p99.toFixed(1)} ms (≤ ${TARGETS.p99}: ${check(at.nkru.p99 <= TARGETS.p99)});` +
        ` start-up with the saved index ${at.nkru.loadMs.toFixed(0)} ms (≤ ${TARGETS.loadMs}: ${check(at.nkru.loadMs <= TARGETS.loadMs)});` +
        ` peak RSS ${at.nkru.rssMB} MB (≤ ${TARGETS.rssMB}: ${check(at.nkru.rssMB <= TARGETS.rssMB)}).`,
    );
  }
  return lines.join("\n");
}

let selected: readonly string[] = ENGINES;
const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "5000,50000,500000" },
    questions: { type: "string", default: "500" },
    seed: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
    // Default MiniSearch answers a question in seconds at 500,000 passages: leave it out there with --engines nkru,flexsearch.
    engines: { type: "string", default: ENGINES.join(",") },
    worker: { type: "boolean", default: false },
    phase: { type: "string" },
    engine: { type: "string" },
    dir: { type: "string" },
  },
});

if (values.worker) {
  const engine = values.engine as Engine;
  const dir = values.dir ?? "";
  const report =
    values.phase === "baseline"
      ? { maxRssKB: maxRssKB() }
      : values.phase === "build"
        ? buildPhase(engine, dir)
        : servePhase(engine, dir);
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  const sizes = values.sizes.split(",").map((s) => Number(s.trim()));
  const questionCount = Number(values.questions);
  const seed = Number(values.seed);
  if (sizes.some((s) => !Number.isInteger(s) || s < 1) || !Number.isInteger(questionCount) || questionCount < 1) {
    process.stderr.write("usage: bench.ts [--sizes 5000,50000,500000] [--questions 500] [--seed 1] [--json]\n");
    process.exit(2);
  }
  selected = values.engines.split(",").map((e) => e.trim());
  const baselineMB = runWorker<{ maxRssKB: number }>(["--phase", "baseline"]).maxRssKB / 1024;
  const results = sizes.map((size) => measureSize(size, seed, questionCount));
  if (values.json) {
    const sizesOut = results.map((r) => ({
      passages: r.passages,
      nkru: r.nkru,
      flexsearch: r.flexsearch,
      minisearchDefault: r.minisearchDefault,
    }));
    process.stdout.write(`${JSON.stringify({ machine: machine(), sizes: sizesOut })}\n`);
  } else {
    process.stdout.write(`${table(results, questionCount, seed, baselineMB)}\n`);
  }
}
