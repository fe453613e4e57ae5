/**
 * The longest event-loop turn while a saved index loads, at once (the command line) and
 * a slice at a time (the app), on a generated corpus.
 *
 *   npm run bench:stall [-- PASSAGES]   default 50,000
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadKnowledgeBase } from "../src/io/load-knowledge-base.js";
import { slicePause } from "../src/runtime/run-in-slices.js";
import { generateCorpus } from "./generate-corpus.js";

const n = Number(process.argv[2] ?? 50000);
const dir = mkdtempSync(join(tmpdir(), "stall-"));
mkdirSync(join(dir, "c"));
for (const f of generateCorpus(n, 1)) writeFileSync(join(dir, "c", f.name), f.bytes);
const indexFile = join(dir, "index.json");
await loadKnowledgeBase({ corpusDir: join(dir, "c"), indexFile });
for (const mode of ["at once", "in slices"]) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  let worst = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last);
    last = t;
  }, 5);
  const t = performance.now();
  const l = await loadKnowledgeBase({
    corpusDir: join(dir, "c"),
    indexFile,
    pause: mode === "in slices" ? slicePause() : null,
  });
  const ms = performance.now() - t;
  clearInterval(tick);
  h.disable();
  // Loading at once holds the loop throughout: the timer never runs, so its time is the load's.
  const longest = mode === "at once" ? ms : worst;
  console.log(
    `${n} passages, ${mode}: ${l.kb.indexOrigin} in ${ms.toFixed(0)} ms; longest event-loop turn ${longest.toFixed(0)} ms`,
  );
}
