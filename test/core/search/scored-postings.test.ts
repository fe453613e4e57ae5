import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { FIELDS, ScoredPostings, type TermDocument } from "../../../src/core/search/scored-postings.js";

const scoring = { boost: { title: 0.3, section: 0.6, text: 1 }, bm25: { k: 1.2, b: 0.7, d: 0.5 } };

/** 400 passages over a small vocabulary: repeats, terms in several fields, shared titles and sections. */
function documents(): TermDocument[] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
  // Zipf-like: low-numbered words are frequent, high-numbered ones rare.
  const word = () => words[Math.floor(words.length * next() ** 3)] as string;
  const phrase = (n: number) => Array.from({ length: n }, word).join(" ");
  const titles = Array.from({ length: 40 }, () => phrase(3));
  const sections = ["", "sec w1 w2", "w59 recommendations", "w3"];
  return Array.from({ length: 400 }, (_, id) => ({
    id,
    title: titles[Math.floor(id / 10)] as string,
    section: sections[id % sections.length] as string,
    text: `${phrase(4 + (id % 17))}${id % 3 === 0 ? " common" : ""}`,
  }));
}

function build(docs: readonly TermDocument[], unindexedTerms: readonly string[]) {
  const dictionary = new Map<string, number>();
  const terms: string[] = [];
  const idsOf = (text: string) =>
    Int32Array.from(text ? text.split(" ") : [], (t) => {
      if (!dictionary.has(t)) {
        dictionary.set(t, terms.length);
        terms.push(t);
      }
      return dictionary.get(t) as number;
    });
  const fields = FIELDS.map((f) => docs.map((d) => idsOf(d[f])));
  const unindexed = new Uint8Array(terms.length);
  for (const t of unindexedTerms) if (dictionary.has(t)) unindexed[dictionary.get(t) as number] = 1;
  return ScoredPostings.build({ terms, fields, unindexed }, scoring);
}

describe("ScoredPostings", () => {
  const docs = documents();
  const { postings, counts } = build(docs, ["common"]);
  // The reference: one MiniSearch over the same analysed fields, the unindexed term left
  // out but counted in field lengths, as passage-index.ts leaves common terms out.
  const reference = new MiniSearch<TermDocument>({
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (text) => (text ? text.split(" ") : []),
    processTerm: (term) => (term === "common" ? null : term),
  });
  reference.addAll(docs);
  const weights: Record<string, number> = { w0: 1, w5: 0.7, w59: 1, w1: 0.4, w33: 1, recommendations: 0.9, sec: 1 };
  const weight = (t: string) => weights[t] ?? 1;

  it("scores every term as one MiniSearch over the same fields would, field boosts and term weights included", () => {
    for (const q of [["w0"], ["w5", "w59"], ["w1", "w33", "recommendations"], ["sec", "w2", "w40", "w0"], ["w58"]]) {
      const want = reference.search(q.join(" "), {
        tokenize: (s) => s.split(" "),
        processTerm: (t) => t,
        boost: { ...scoring.boost },
        bm25: { ...scoring.bm25 },
        combineWith: "OR",
        boostTerm: weight,
      });
      const got = postings.search(q, weight);
      expect(got.length).toBeGreaterThan(0);
      expect(got.length).toBe(want.length);
      const byId = new Map(want.map((r) => [r.id as number, r.score]));
      for (const h of got) expect(h.score).toBeCloseTo(byId.get(h.id) as number, 10);
      // Best first, and the same passages at the top.
      expect(got.map((h) => h.score)).toEqual([...got.map((h) => h.score)].sort((a, b) => b - a));
      expect(got[0]?.score).toBeCloseTo(want[0]?.score as number, 10);
    }
  });

  it("reports its progress as it scores the passages, ending with all of them", () => {
    const reports: number[] = [];
    const many = Array.from({ length: 12_000 }, (_, id) => ({ id, title: "", section: "", text: `w${id % 7} w9` }));
    const ids = (t: string) => Int32Array.from(t ? t.split(" ") : [], (w) => Number(w.slice(1)));
    const fields = FIELDS.map((f) => many.map((d) => ids(d[f])));
    const terms = Array.from({ length: 10 }, (_, i) => `w${i}`);
    ScoredPostings.build({ terms, fields, unindexed: new Uint8Array(10) }, scoring, (done) => reports.push(done));
    expect(reports).toEqual([0, 5000, 10_000, 12_000]);
  });

  it("gives a term left out of the postings no passages, and counts what scoring added passages needs", () => {
    expect(postings.search(["common"], weight)).toEqual([]);
    const text = FIELDS.indexOf("text");
    const withCommon = docs.filter((d) => d.text.split(" ").includes("common")).length;
    expect(withCommon).toBeGreaterThan(100);
    const totals = docs.reduce((n, d) => n + new Set(d.text.split(" ")).size, 0);
    expect(counts.uniqueLengthTotal[text]).toBe(totals);
  });

  it("reads back its saved form, a few pieces a step, and refuses damaged pieces", () => {
    const saved = JSON.parse(JSON.stringify(postings.toSaved()));
    const restored = ScoredPostings.load(saved, docs.length);
    for (const q of [["w0", "w7"], ["w59"], ["recommendations", "w2"]]) {
      expect(restored.search(q, weight)).toEqual(postings.search(q, weight));
    }
    const cut = { ...saved, ids: [String(saved.ids[0]).slice(0, 8)] };
    expect(() => ScoredPostings.load(cut, docs.length)).toThrow(/damaged/);
    expect(() => ScoredPostings.load({ ...saved, scores: [42] }, docs.length)).toThrow(/damaged/);
  });
});
