import { describe, expect, it } from "vitest";
import { drain } from "../../../src/core/centrality/centrality.js";
import { parseChunkedJson } from "../../../src/core/chunked-json.js";
import { buildCorpus } from "../../../src/core/corpus/build-corpus.js";
import { Analyzer } from "../../../src/core/search/analyzer.js";
import { DEFAULT_INDEX_OPTIONS, PassageIndex } from "../../../src/core/search/passage-index.js";
import { bundledFiles, textFile } from "../../helpers/corpus.js";

const analyzer = new Analyzer();
const corpus = buildCorpus(bundledFiles());
const index = PassageIndex.build(corpus, analyzer);
/** What a saved index is after the file round trip. */
const saved = (i: PassageIndex) => drain(parseChunkedJson(i.serialize()));
const top = (q: string) => index.search(analyzer.queryTerms(q), 3).hits[0]?.passage.text ?? "";

describe("PassageIndex.search", () => {
  it("finds the passage for a plain question", () => {
    expect(top("Shoigu weapons exhibition")).toContain("weapons exhibition");
  });

  it("tolerates a typo in a long word", () => {
    expect(top("Kozirev")).toContain("Kozyrev");
    expect(top("limosine")).toContain("limousine");
  });

  it("builds its typo lookup in steps when asked to warm up, and on first need otherwise", () => {
    const fresh = PassageIndex.build(corpus, analyzer);
    let steps = 0;
    for (const _ of fresh.warmUpSteps(100)) steps++;
    expect(steps).toBeGreaterThan(3);
    expect([...fresh.warmUpSteps(100)]).toEqual([]);
    expect(fresh.search(analyzer.queryTerms("Kozirev"), 1).hits[0]?.passage.text).toContain("Kozyrev");
  });

  it("does not fuzz short words into other words", () => {
    // "gim" is one edit from "kim"; short words must match exactly or not at all.
    expect(index.search(analyzer.queryTerms("gim"), 5).hits).toEqual([]);
  });

  it("does not fuzz a word the corpus already contains", () => {
    const asked = analyzer.queryTerms("grain");
    const { weights } = index.search(asked, 10);
    // Only the question's own terms and their related words: no typo corrections.
    expect([...weights.keys()].sort()).toEqual(asked.map((t) => t.term).sort());
  });

  it("never corrects a dictionary word into a corpus word", () => {
    // "actually" is one edit from "factual", "resent" from "recent": both are words, not typos.
    for (const word of ["actually", "resent"]) {
      const asked = analyzer.queryTerms(word);
      expect(asked.find((t) => t.relation === "own")?.known).toBe(true);
      const { weights } = index.search(asked, 10);
      expect([...weights.keys()].filter((t) => !asked.some((a) => a.term === t))).toEqual([]);
    }
    // A misspelling that is no word is still corrected.
    expect(analyzer.queryTerms("limosine").find((t) => t.relation === "own")?.known).toBe(false);
  });

  it("corrects a long word two edits away, but not past a correction one edit away", () => {
    const files = [
      textFile("a.md", "Launch site\n\nThe leaders met at Vostochny last year.\n"),
      textFile("b.md", "Talks\n\nThe delegation stopped in Vostichny on the way.\n"),
    ];
    const small = PassageIndex.build(buildCorpus(files), analyzer);
    const corrected = (q: string) => [...small.search(analyzer.queryTerms(q), 5).queryTermOf.keys()];
    const [near] = analyzer.terms("Vostochny");
    const [far] = analyzer.terms("Vostichny");
    // Two edits from both, one from neither: both are found.
    expect(corrected("vostuchna")).toEqual(expect.arrayContaining([near, far]));
    // One edit from the first: the second, two edits away, is not searched for.
    const one = corrected("vostochna");
    expect(one).toContain(near);
    expect(one).not.toContain(far);
  });

  it("reports which question term each typo match answers, at a lower weight", () => {
    const { weights, queryTermOf } = index.search(analyzer.queryTerms("Kozirev"), 1);
    expect(queryTermOf.get("kozyrev")).toBe("kozirev");
    expect(weights.get("kozyrev")).toBeLessThan(1);
  });

  it("in a large corpus, leaves terms found almost everywhere out of retrieval, not out of scoring", () => {
    const files = Array.from({ length: 600 }, (_, i) =>
      textFile(
        `d${i}.md`,
        `Report ${i}\n\nRussia discussed item ${i} with partners${i === 7 ? ", and Kozyrev objected" : ""}.`,
      ),
    );
    const big = buildCorpus(files);
    const bigIndex = PassageIndex.build(big, analyzer);
    const outcome = bigIndex.search(analyzer.queryTerms("Russia Kozyrev"), 5);
    expect(outcome.hits.map((h) => h.passage.text)).toEqual([expect.stringContaining("Kozyrev")]);
    expect(outcome.weights.has("russia")).toBe(true);
  });

  it("scores rarer terms exactly as if the common ones were indexed too", () => {
    const files = Array.from({ length: 700 }, (_, i) =>
      textFile(
        `d${i}.md`,
        `Report ${i}\n\nRussia discussed item ${i} with partners${i % 50 === 7 ? ", and Kozyrev objected strongly" : ""}.`,
      ),
    );
    const big = buildCorpus(files);
    const skipping = PassageIndex.build(big, analyzer);
    const keeping = PassageIndex.build(big, analyzer, { ...DEFAULT_INDEX_OPTIONS, commonTermMin: 1e9 });
    const q = analyzer.queryTerms("Kozyrev objected strongly");
    const hits = (i: PassageIndex) => i.search(q, 20).hits.map((h) => [h.passage.id, h.score]);
    expect(hits(skipping)).toHaveLength(14);
    expect(hits(skipping)).toEqual(hits(keeping));
    // ...and the saved form is smaller for it.
    expect(skipping.serialize().length).toBeLessThan(keeping.serialize().length * 0.8);
  });
});

describe("PassageIndex postings", () => {
  // 700 passages: "grain" is in 234, "Kozyrev" in 14 and "Lavrov" in 3.
  const files = Array.from({ length: 700 }, (_, i) =>
    textFile(
      `d${i}.md`,
      `Report ${i}\n\n${i % 3 === 0 ? "Grain shipments were discussed" : "Talks were held"} on item ${i}${i % 50 === 7 ? ", and Kozyrev objected" : ""}${i % 250 === 3 ? "; Lavrov replied" : ""}.`,
    ),
  );
  const big = buildCorpus(files);
  const built = PassageIndex.build(big, analyzer);
  const hits = (i: PassageIndex | null, q: string) =>
    i?.search(analyzer.queryTerms(q), 300).hits.map((h) => ({ id: h.passage.id, score: h.score })) ?? [];

  it("ranks passages with more of the question's words first", () => {
    const best = built.search(analyzer.queryTerms("grain Kozyrev"), 6).hits.map((h) => h.passage.text);
    expect(best.slice(0, 5).every((t) => /Grain.*Kozyrev/.test(t))).toBe(true);
    expect(best[5]).not.toMatch(/Grain.*Kozyrev/);
  });

  it("returns, for any limit, the first passages of the whole ranking, equal scores in the same order", () => {
    // "Talks were held" gives hundreds of passages the same score: the bounded selection must keep the same ones.
    for (const q of ["talks held", "grain talks", "Kozyrev talks"]) {
      const all = built.search(analyzer.queryTerms(q), 10_000).hits.map((h) => h.passage.id);
      expect(all.length).toBeGreaterThan(200);
      for (const limit of [1, 2, 7, 24, 199]) {
        expect(built.search(analyzer.queryTerms(q), limit).hits.map((h) => h.passage.id)).toEqual(all.slice(0, limit));
      }
    }
  });

  it("keeps the scores through a save and load, and refuses damaged ones", () => {
    const loaded = PassageIndex.load(saved(built), big, analyzer);
    for (const q of ["grain shipments", "grain Kozyrev objected", "Lavrov grain", "Kozirev"]) {
      expect(hits(loaded, q).length).toBeGreaterThan(0);
      expect(hits(loaded, q)).toEqual(hits(built, q));
    }
    const cut = saved(built) as { index: { scores: string[] } };
    cut.index.scores[0] = (cut.index.scores[0] as string).slice(0, 12); // fewer scores than passages
    expect(PassageIndex.load(cut, big, analyzer)).toBeNull();
    const garbled = saved(built) as { index: { starts: string[] } };
    garbled.index.starts[0] = "not base64!!";
    expect(PassageIndex.load(garbled, big, analyzer)).toBeNull();
  });
});

describe("PassageIndex save and load", () => {
  it("loads a saved index that gives the same results", () => {
    const loaded = PassageIndex.load(saved(index), corpus, analyzer);
    expect(loaded).not.toBeNull();
    const q = analyzer.queryTerms("artillery shells from Pyongyang");
    expect(loaded?.search(q, 5).hits.map((h) => [h.passage.id, h.score])).toEqual(
      index.search(q, 5).hits.map((h) => [h.passage.id, h.score]),
    );
  });

  it("refuses a saved index made from a different corpus", () => {
    const changed = buildCorpus([
      ...bundledFiles(),
      textFile("new.md", "New Article\n\nRussia and North Korea opened a bridge."),
    ]);
    expect(PassageIndex.keyFor(changed, analyzer)).not.toBe(index.key);
    expect(PassageIndex.load(saved(index), changed, analyzer)).toBeNull();
  });

  it("refuses a saved index made with other analysis settings", () => {
    const other = new Analyzer({ synonymWeight: 0.9 });
    expect(PassageIndex.load(saved(index), corpus, other)).toBeNull();
  });

  it("refuses a file that is not a saved index", () => {
    expect(PassageIndex.load("not an index", corpus, analyzer)).toBeNull();
    expect(PassageIndex.load(null, corpus, analyzer)).toBeNull();
    expect(PassageIndex.load({ format: "nkru-index/1" }, corpus, analyzer)).toBeNull();
    expect(PassageIndex.load({ ...(saved(index) as object), index: { broken: true } }, corpus, analyzer)).toBeNull();
  });
});
