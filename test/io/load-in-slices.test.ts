/**
 * Loading a large corpus's saved index never holds the event loop: the app loads it a
 * slice at a time (the files read, hashed and the save parsed a line at a time, the
 * index restored in batches), and a timer keeps firing throughout.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/generate-corpus.js";
import { loadKnowledgeBase } from "../../src/io/load-knowledge-base.js";
import { slicePause } from "../../src/runtime/run-in-slices.js";

const dir = await mkdtemp(join(tmpdir(), "nkru-slices-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("loading a saved index in slices", () => {
  it("keeps every turn of the event loop short while 20,000 passages load, and loads the same index", async () => {
    const corpusDir = join(dir, "corpus");
    await mkdir(corpusDir);
    for (const f of generateCorpus(20_000, 4)) await writeFile(join(corpusDir, f.name), f.bytes);
    const indexFile = join(dir, "index.json");
    const built = await loadKnowledgeBase({ corpusDir, indexFile });
    expect(built.kb.indexOrigin).toBe("built");

    const delay = monitorEventLoopDelay({ resolution: 5 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    delay.enable();
    const started = performance.now();
    const loaded = await loadKnowledgeBase({ corpusDir, indexFile, pause: slicePause() });
    const elapsed = performance.now() - started;
    delay.disable();
    clearInterval(timer);

    expect(loaded.kb.indexOrigin).toBe("loaded");
    // A 5 ms timer held back by no turn fires about elapsed / 5 times: at least once every 20 ms here.
    expect(ticks).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 20));
    // The 99th percentile of the loop's delay, and the worst, in milliseconds.
    expect(delay.percentile(99) / 1e6).toBeLessThan(50);
    expect(delay.max / 1e6).toBeLessThan(100);
    for (const q of ["Who shipped artillery shells?", "What did Kim discuss in Vladivostok?"]) {
      expect(loaded.kb.answer(q).answers.map((a) => a.excerpt)).toEqual(
        built.kb.answer(q).answers.map((a) => a.excerpt),
      );
    }
  }, 120_000);
});
