/**
 * From `/nkru add` to answerable: the time the intake takes to fetch a page from a local
 * server, extract it, save it and re-read the corpus, and the longest the event loop was
 * held meanwhile, on the bundled corpus and on generated corpora.
 *
 *   npm run bench:add                      bundled corpus and 50,000 passages
 *   npm run bench:add -- --sizes 10000     generated corpora of these sizes only
 *
 * Each corpus is first loaded with a saved index (a warm start); then three different
 * articles are added one after another and the figures are their median.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { BUNDLED_CORPUS_DIR } from "../src/config.js";
import { ArticleIntake } from "../src/ingest/article-intake.js";
import { FolderShelf } from "../src/io/article-shelf.js";
import { CorpusReloader } from "../src/io/corpus-reloader.js";
import { loadKnowledgeBase } from "../src/io/load-knowledge-base.js";
import { KnowledgeHolder } from "../src/knowledge-holder.js";
import { createLogger } from "../src/logger.js";
import { newsPage } from "../test/helpers/pages.js";
import { serve, webServer } from "../test/helpers/web-server.js";
import { generateCorpus, mulberry32 } from "./generate-corpus.js";

const SUBJECTS = [
  "Railway officials",
  "Customs inspectors",
  "Port workers",
  "Diplomats in Seoul",
  "Analysts",
  "Traders",
  "Local officials",
];
const VERBS = ["counted", "reported", "inspected", "described", "photographed", "estimated", "questioned"];
const OBJECTS = [
  "coal wagons",
  "fuel tankers",
  "fertiliser sacks",
  "timber loads",
  "grain shipments",
  "container trucks",
  "steel coils",
];
const TIMES = ["on Monday", "this week", "last month", "before dawn", "in March", "over the weekend", "on Friday"];
const SOURCES = [
  "a spokesman",
  "officials",
  "two witnesses",
  "the operator",
  "a trade group",
  "state media",
  "a researcher",
];

const { values } = parseArgs({ options: { sizes: { type: "string" }, json: { type: "boolean" } } });
const sizes = values.sizes ? values.sizes.split(",").map(Number) : [0, 50_000];

const PLACES = ["Rason", "Khasan", "Tumen"];
// Three different articles (different enough not to be one article under three addresses).
const variants = PLACES.map((place, i) => {
  const random = mulberry32(100 + i);
  const pick = (xs: readonly string[]) => xs[Math.floor(random() * xs.length)] as string;
  const paragraphs = Array.from(
    { length: 8 },
    (_, n) =>
      Array.from(
        { length: 3 },
        () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} near ${place} ${pick(TIMES)}, ${pick(SOURCES)} said.`,
      ).join(" ") + (n === 0 ? ` The first train carried ${40 + i * 7} wagons of ${place} cargo.` : ""),
  );
  return newsPage({
    title: `Freight news from ${place}, report ${i + 1}`,
    outlet: "Bench Wire",
    date: "2025-03-14",
    author: "Jane Roe",
    paragraphs,
  });
});

const web = await webServer(Object.fromEntries(variants.map((html, i) => [`/a${i}`, serve("text/html", html)])));
const results: Record<string, unknown>[] = [];
for (const size of sizes) {
  const dir = mkdtempSync(join(os.tmpdir(), "nkru-bench-add-"));
  const corpusDir = join(dir, "corpus");
  const articlesDir = join(dir, "articles");
  if (size === 0) cpSync(BUNDLED_CORPUS_DIR, corpusDir, { recursive: true });
  else {
    mkdirSync(corpusDir);
    for (const f of generateCorpus(size, 1)) writeFileSync(join(corpusDir, f.name), f.bytes);
  }
  const indexFile = join(dir, "index.json");
  await loadKnowledgeBase({ corpusDir, articles: new FolderShelf(articlesDir), indexFile }); // saves the index: the next load is warm
  const knowledge = new KnowledgeHolder(() => new Date());
  const loaded = await loadKnowledgeBase({ corpusDir, articles: new FolderShelf(articlesDir), indexFile });
  knowledge.set(loaded.kb, loaded.loadMs);
  const logger = createLogger({ level: "silent" });
  const reloader = new CorpusReloader({
    corpusDir,
    articles: new FolderShelf(articlesDir),
    indexFile,
    knowledge,
    logger,
  });
  const intake = new ArticleIntake({
    shelf: new FolderShelf(articlesDir),
    knowledge,
    reload: (r) => reloader.reload(r),
    policy: { allow: ["127.0.0.1"] },
    logger,
    clock: () => new Date(),
  });
  const times: number[] = [];
  const stalls: number[] = [];
  for (let i = 0; i < variants.length; i++) {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const r = await intake.add({ kind: "url", url: web.url(`/a${i}`) }, { by: "bench" });
    const ms = performance.now() - started;
    delay.disable();
    if (!r.ok || r.value.status !== "added") throw new Error(`not added: ${JSON.stringify(r)}`);
    const answer = knowledge.current?.kb.answer(`How many wagons of ${PLACES[i]} cargo did the first train carry?`);
    if (!answer?.answers.some((a) => a.source.id === r.value.document.id))
      throw new Error("the added article is not answerable");
    times.push(ms);
    stalls.push(delay.max / 1e6);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const row = {
    corpus: size === 0 ? "bundled" : `${size} passages`,
    passages: knowledge.current?.kb.corpus.passages.length,
    addToAnswerableMs: Math.round(median(times)),
    longestStallMs: Math.round(median(stalls)),
  };
  results.push(row);
  if (!values.json)
    console.log(
      `${row.corpus}: add → answerable ${row.addToAnswerableMs} ms (median of 3), longest event-loop stall ${row.longestStallMs} ms`,
    );
  await reloader.close();
  rmSync(dir, { recursive: true, force: true });
}
await web.close();
if (values.json)
  console.log(
    JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`, results }),
  );
