import { describe, expect, it } from "vitest";
import { addTermIds, NO_TERM, PassageAnalysis, TOKEN_INTS } from "../../../src/core/answer/passage-analysis.js";
import { buildCorpus } from "../../../src/core/corpus/build-corpus.js";
import { Analyzer } from "../../../src/core/search/analyzer.js";
import { textFile } from "../../helpers/corpus.js";

const analyzer = new Analyzer();
const corpus = buildCorpus([
  textFile(
    "visit.txt",
    "# Kim goes to Russia\n\nKim Jong Un fled the capital by armoured train. The Kremlin welcomed him in Vladivostok.\n\n## Talks\n\nThe two leaders spoke about artillery shells and satellites for four hours.",
  ),
]);
const passage = corpus.passages.find((p) => p.text.includes("armoured")) ?? corpus.passages[0];

describe("PassageAnalysis", () => {
  it("packs each token as its term and concept ids and its span, which read back as the analyzer's tokens", () => {
    if (!passage) throw new Error("no passage");
    const analysis = new PassageAnalysis(analyzer);
    const analyzed = analysis.get(passage);
    expect(analyzed.sentences.map((s) => s.text)).toEqual(passage.sentences);
    // One array for the passage, each sentence a run of it.
    const [first, second] = analyzed.sentences;
    expect(second?.tokens).toBe(first?.tokens);
    expect(second?.from).toBe(first?.to);
    for (const s of analyzed.sentences) {
      const tokens = analyzer.tokenize(s.text);
      expect(s.to - s.from).toBe(tokens.length * TOKEN_INTS);
      tokens.forEach((t, i) => {
        const at = s.from + i * TOKEN_INTS;
        const term = s.tokens[at] as number;
        const concept = s.tokens[at + 1] as number;
        expect(term === NO_TERM ? null : analysis.ids.term(term)).toBe(t.term);
        expect(concept === NO_TERM ? null : analysis.ids.term(concept)).toBe(t.concept);
        expect(s.text.slice(s.tokens[at + 2], s.tokens[at + 3])).toBe(t.surface);
      });
    }
    // "fled" is also read as its base form "flee", and a name phrase as one concept.
    const ids = new Set<number>();
    for (const s of analyzed.sentences) addTermIds(s, ids);
    expect(new Set([...ids].map((id) => analysis.ids.term(id)))).toEqual(
      new Set(analyzer.terms(passage.sentences.join(" "))),
    );
  });

  it("remembers a passage, so a second read costs nothing and gives the same numbers", () => {
    if (!passage) throw new Error("no passage");
    const analysis = new PassageAnalysis(analyzer);
    expect(analysis.get(passage)).toBe(analysis.get(passage));
  });

  it("forgets the least recently read passage past its bound", () => {
    const [a, b] = corpus.passages;
    if (!a || !b) throw new Error("want two passages");
    const analysis = new PassageAnalysis(analyzer, 1);
    const first = analysis.get(a);
    analysis.get(b);
    expect(analysis.get(a)).not.toBe(first);
    const ints = (s: { tokens: Int32Array; from: number; to: number }) => [...s.tokens.subarray(s.from, s.to)];
    expect(analysis.get(a).sentences.map(ints)).toEqual(first.sentences.map(ints));
  });

  it("reads a corpus it can hold ahead of questions, in steps, and leaves a larger one to the memo", () => {
    const passages = buildCorpus([
      textFile(
        "long.txt",
        Array.from({ length: 100 }, (_, i) => `Paragraph ${i} says the envoy met officials ${i} times.`).join("\n\n"),
      ),
    ]).passages;
    expect(passages.length).toBeGreaterThan(64);
    const whole = new PassageAnalysis(analyzer, passages.length);
    expect(whole.size).toBe(0);
    let steps = 0;
    for (const _ of whole.readAheadSteps(passages)) steps++;
    expect(steps).toBe(Math.floor(passages.length / 32));
    expect(whole.size).toBe(passages.length);

    const small = new PassageAnalysis(analyzer, passages.length - 1);
    expect([...small.readAheadSteps(passages)]).toEqual([]);
    expect(small.size).toBe(0);
  });
});
