import { describe, expect, it } from "vitest";
import { type Candidate, chooseAnswers } from "../../../src/core/answer/answerer.js";
import { FEATURE_NAMES } from "../../../src/core/answer/features.js";
import type { RankingModel } from "../../../src/core/answer/ranking-model.js";

// A model whose score is the first feature alone: the tests set it to order the candidates.
const model: RankingModel = {
  weights: [1, ...FEATURE_NAMES.slice(1).map(() => 0), 0],
  confidence: [],
  threshold: 0,
};
const options = { model, maxAnswers: 3, duplicateOverlap: 0.6 };

let nextTerm = 0;
function candidate(passageId: number, sentences: [number, number], score: number, terms?: number[]): Candidate {
  const features = FEATURE_NAMES.map(() => 0);
  features[0] = score;
  // Distinct terms, so no two are near-duplicates unless a test says so.
  const own = terms ?? [nextTerm++, nextTerm++, nextTerm++];
  return {
    text: `passage ${passageId}, sentences ${sentences.join("-")}`,
    passageId,
    features,
    matched: [],
    allTerms: new Set(own),
    specificMatched: 1,
    matchedWords: 1,
    questionWords: 1,
    sentences,
  };
}

describe("chooseAnswers", () => {
  it("shows a second excerpt of the best passage when it is another sentence, ahead of a weaker passage", () => {
    const { kept } = chooseAnswers(
      [candidate(1, [0, 0], 0.9), candidate(1, [3, 3], 0.8), candidate(2, [0, 0], 0.5)],
      options,
    );
    expect(kept.map((k) => k.text)).toEqual([
      "passage 1, sentences 0-0",
      "passage 1, sentences 3-3",
      "passage 2, sentences 0-0",
    ]);
  });

  it("never shows two excerpts that share a sentence, nor a third of one passage", () => {
    const { kept } = chooseAnswers(
      [
        candidate(1, [2, 2], 0.9),
        candidate(1, [2, 3], 0.85), // the same sentence with the next
        candidate(1, [5, 5], 0.8),
        candidate(1, [7, 7], 0.75), // a third of passage 1
        candidate(2, [0, 0], 0.3),
      ],
      options,
    );
    expect(kept.map((k) => k.text)).toEqual([
      "passage 1, sentences 2-2",
      "passage 1, sentences 5-5",
      "passage 2, sentences 0-0",
    ]);
  });

  it("leaves out a near-duplicate of a shown excerpt, whichever passage it is in", () => {
    const same = [100, 101, 102, 103];
    const { kept } = chooseAnswers(
      [candidate(1, [0, 0], 0.9, same), candidate(2, [0, 0], 0.8, same), candidate(3, [0, 0], 0.1)],
      options,
    );
    expect(kept.map((k) => k.passageId)).toEqual([1, 3]);
  });
});
