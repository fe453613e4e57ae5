import { describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../src/core/knowledge-base.js";
import { bundledFiles } from "../helpers/corpus.js";

describe("KnowledgeBase.examples", () => {
  const kb = KnowledgeBase.fromFiles(bundledFiles());

  it("draws examples from the corpus's headings, one document at a time, each answered with confidence", () => {
    const examples = kb.examples(3);
    expect(examples).toHaveLength(3);
    const docsOf = examples.map((e) => kb.corpus.documents.find((d) => d.sections.includes(e))?.id);
    // forge-alliance's only heading is the generic "Key Takeaways"; the other two take turns.
    expect(docsOf).toEqual(["dangerous-partnership", "fortify-alliance", "dangerous-partnership"]);
    for (const e of examples) expect(kb.answer(e).confident).toBe(true);
  });

  it("works them out once per corpus: help is answered on every /nkru, so it must not re-run searches", () => {
    expect(kb.examples(3)).toBe(kb.examples(3));
  });
});
