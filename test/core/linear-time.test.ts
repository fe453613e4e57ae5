/**
 * Inputs that once stalled the bot for minutes are read in time linear in their length:
 * 976 KB of "Kim. " took 215 s to re-read when sentence splitting was quadratic on runs of
 * abbreviation-like segments, and one 4.6 MB article up to 252 s.
 *
 * Each input is read at three sizes that double. Linear work takes about 4 times as long
 * at 4 times the size, quadratic work 16 times; the bound of 8 leaves room for a busy
 * machine (each size is timed as the best of three runs) and still fails a quadratic step.
 * The times are measured only as ratios, never against a fixed number of milliseconds.
 */
import { describe, expect, it } from "vitest";
import { drain } from "../../src/core/centrality/centrality.js";
import { splitSentences } from "../../src/core/corpus/sentences.js";
import { KnowledgeBase } from "../../src/core/knowledge-base.js";
import { textFile } from "../helpers/corpus.js";

function bestOf3(work: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function expectLinear(sizes: readonly number[], work: (size: number) => void) {
  const times = sizes.map((n) => bestOf3(() => work(n)));
  const ratio = (times[2] as number) / Math.max(times[0] as number, 0.5);
  expect(ratio, `times ${times.map((t) => t.toFixed(1)).join(", ")} ms`).toBeLessThan(8);
}

/** An article of `bytes` characters: varied sentences, paragraphs of six. */
function bigArticle(bytes: number): string {
  const sentences = [
    "Railway officials counted 40 coal wagons at the Tumen River crossing on Tuesday.",
    "Mr. Kim told reporters the U.S. and the E.U. had been informed, according to Dr. Lee.",
    '"We will keep the trains running," said the station chief, Park Sun-hee.',
    "Trade across the border has tripled since the rail link reopened last spring.",
    "However, customs inspectors in Khasan reported delays of up to three days.",
    "The shipments included fertiliser, timber and spare parts for tractors!",
  ];
  const paragraphs: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const own = i === 100 ? "The Zubovka depot stores artillery shells." : `Inspectors logged ${i} wagons that week.`;
    const p = [own, ...Array.from({ length: 5 }, (_, j) => sentences[(i + j) % sentences.length])].join(" ");
    paragraphs.push(p);
    length += p.length + 2;
  }
  return `Border Trade Report\n\n${paragraphs.join("\n\n")}`;
}

describe("reading huge inputs takes linear time", () => {
  it('splits a run of "Kim. " into sentences', () => {
    expectLinear([50_000, 100_000, 200_000], (n) => {
      expect(splitSentences("Kim. ".repeat(n)).length).toBeGreaterThan(0);
    });
  });

  it("splits one paragraph of a megabyte into sentences", () => {
    const one = bigArticle(1_300_000).split("\n\n").slice(1).join(" ");
    expectLinear([325_000, 650_000, 1_300_000], (n) => {
      expect(splitSentences(one.slice(0, n)).length).toBeGreaterThan(1000);
    });
  });

  it("reads a 5 MB article and works out its takeaways", () => {
    expectLinear([1_250_000, 2_500_000, 5_000_000], (n) => {
      const kb = KnowledgeBase.fromFiles([textFile("big.txt", bigArticle(n))]);
      expect(kb.corpus.passages.length).toBeGreaterThan(n / 600);
      expect(kb.answer("Which depot stores artillery shells?").answers[0]?.excerpt).toMatch(/Zubovka/);
      expect(drain(kb.takeawaysInSteps()).length).toBeGreaterThan(0);
    });
  }, 120_000);
});
