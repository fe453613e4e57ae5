import { describe, expect, it } from "vitest";
import { practiceQuestions } from "../../../src/core/answer/practice-questions.js";
import { buildCorpus } from "../../../src/core/corpus/build-corpus.js";
import { bundledFiles, bundledKnowledgeBase } from "../../helpers/corpus.js";

const corpus = buildCorpus(bundledFiles());

describe("practiceQuestions", () => {
  it("makes the asked number of questions from the corpus's own words, the same each time", () => {
    const qs = practiceQuestions(corpus.passages, 40);
    expect(qs).toHaveLength(40);
    expect(practiceQuestions(corpus.passages, 40)).toEqual(qs);
    expect(new Set(qs).size).toBeGreaterThan(30);
    // Each kind the answer path treats differently: answer types, bare words, a misspelling, off-topic.
    for (const kind of [
      /^How many /,
      /^When did /,
      /^Who /,
      /^Why did /,
      /^Did /,
      /^[^ ?]+$/,
      /bread|weather|laptop|bicycle/,
    ]) {
      expect(qs.some((q) => kind.test(q))).toBe(true);
    }
    // Words of the corpus, never of its bylines.
    const text = corpus.passages
      .filter((p) => p.kind !== "meta")
      .map((p) => p.text)
      .join(" ");
    const first = qs.find((q) => /^When did /.test(q)) as string;
    for (const w of first.replace(/^When did |\?$/g, "").split(" ")) expect(text).toContain(w);
  });

  it("makes none from an empty corpus", () => {
    expect(practiceQuestions([], 10)).toEqual([]);
  });
});

describe("KnowledgeBase.practiceSteps", () => {
  it("answers its questions one a step, and answers people's questions as before", () => {
    const kb = bundledKnowledgeBase();
    const before = kb.answer("What has North Korea supplied Russia for the war in Ukraine?");
    let steps = 0;
    for (const _ of kb.practiceSteps(25)) steps++;
    expect(steps).toBe(25);
    expect(kb.answer("What has North Korea supplied Russia for the war in Ukraine?")).toEqual(before);
  });
});
