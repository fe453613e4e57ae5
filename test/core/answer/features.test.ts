import { describe, expect, it } from "vitest";
import {
  type CandidateFacts,
  FEATURE_NAMES,
  featuresOf,
  type QuestionWord,
} from "../../../src/core/answer/features.js";

const BM25 = FEATURE_NAMES.indexOf("sentenceBm25");

/** An excerpt for a question of two words (the first rarer), read as its content tokens. */
function facts(sequence: number[], figure = false): CandidateFacts {
  const matched = new Set(sequence.filter((w) => w >= 0));
  return {
    words: [
      { weight: 3, specific: true, focus: false, figure: false, entity: false },
      { weight: 1, specific: true, focus: false, figure, entity: false },
    ],
    matches: [0, 1].map((w) => (matched.has(w) ? "exact" : null)),
    relatedWeight: [0, 0],
    passageScore: 1,
    passageRank: 0,
    typeFound: null,
    novelWords: sequence.filter((w) => w < 0).length,
    sequence,
    chars: sequence.length * 6,
    joined: false,
    leansBack: false,
    fragment: false,
    firstSentence: false,
    bigrams: 0,
    passageCoverage: 1,
    strictType: false,
    unknownWords: 0,
    frameMatched: 0,
    bylineAsked: false,
  };
}
const bm25 = (sequence: number[]) => featuresOf(facts(sequence))[BM25] as number;

describe("the excerpt's own BM25 feature", () => {
  it("counts the rarer word more, a repeated word more but less than twice, and a longer excerpt less", () => {
    const rare = bm25([0, -1, -1, -1]);
    expect(rare).toBeGreaterThan(bm25([1, -1, -1, -1]));
    const twice = bm25([0, 0, -1, -1]);
    expect(twice).toBeGreaterThan(rare);
    expect(twice).toBeLessThan(2 * rare);
    expect(bm25([0, ...new Array(30).fill(-1)])).toBeLessThan(rare);
    expect(bm25([-1, -1])).toBe(0);
    expect(bm25([0, 1])).toBeLessThanOrEqual(1);
  });
});

describe("the figure-missed feature", () => {
  const FIGURE = FEATURE_NAMES.indexOf("figureMissed");
  it("is set when the question names a figure the excerpt lacks, and only then", () => {
    expect(featuresOf(facts([0, -1], true))[FIGURE]).toBe(1);
    expect(featuresOf(facts([0, 1], true))[FIGURE]).toBe(0);
    expect(featuresOf(facts([0, -1], false))[FIGURE]).toBe(0);
  });
});

describe("the content-coverage feature", () => {
  const CONTENT = FEATURE_NAMES.indexOf("contentCoverage");
  const withEntity = (sequence: number[]): CandidateFacts => {
    const f = facts(sequence);
    return { ...f, words: [{ ...(f.words[0] as QuestionWord), entity: true }, f.words[1] as QuestionWord] };
  };
  it("counts only the question's words that are not actors' names", () => {
    // Word 0 (the rarer) is an actor's name: matching it alone covers none of the content.
    expect(featuresOf(withEntity([0, -1]))[CONTENT]).toBe(0);
    expect(featuresOf(withEntity([1, -1]))[CONTENT]).toBe(1);
    expect(featuresOf(facts([0, -1]))[CONTENT]).toBeCloseTo(0.75);
  });
});
