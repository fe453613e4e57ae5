/**
 * An index extended with added and removed articles answers as a full rebuild over the
 * same files does. The built passages keep the statistics they were built with, so
 * scores may differ by about the share of passages changed: the tolerance is 2% of a
 * score here, where 1.2% of the passages were added, and near ties within it may swap.
 * A question with a term that crossed the common-term line since the build (one in
 * more than 5% of passages, or 500) is left to the rebuild that follows such a change.
 */
import { describe, expect, it } from "vitest";
import { generateCorpus, generateQuestions } from "../../bench/generate-corpus.js";
import { buildCorpus } from "../../src/core/corpus/build-corpus.js";
import { KnowledgeBase } from "../../src/core/knowledge-base.js";
import type { AnswerResult, SourceFile } from "../../src/core/types.js";
import { textFile } from "../helpers/corpus.js";

const base = generateCorpus(4000, 3);
// Articles from another seed, renamed so they are new files with new ids.
const added: SourceFile[] = generateCorpus(50, 11).map((f, i) => {
  const text = new TextDecoder().decode(f.bytes).replace(/gen-\d+/g, `late-${i}`);
  return textFile(`late-${i}.md`, text);
});
added.push(
  textFile(
    "yelabuga.md",
    "Drone Factory Report\n\nNorth Korean workers were seen at the Alabuga drone factory in Yelabuga, satellite images show.\n\nThe Yelabuga plant assembles Geran drones for the Russian army.",
  ),
);

const questions = [
  ...generateQuestions(120, 3, buildCorpus([...base, ...added])),
  "Where do North Korean workers build drones?",
  "What does the Yelabuga plant assemble?",
];

/** What a user sees of an answer: whether it is confident, and each excerpt with its source. */
const shown = (r: AnswerResult) => ({
  confident: r.confident,
  answers: r.answers.map((a) => `${a.source.id}#${a.source.passage}: ${a.excerpt}`),
});

/**
 * Same confidence; at each rank, the same score within the tolerance; and the same
 * excerpt unless the rebuild itself has another within the tolerance of it (near ties
 * may change places). Returns how many questions showed exactly the same excerpts.
 */
function expectSameAnswers(extended: KnowledgeBase, rebuilt: KnowledgeBase): number {
  let same = 0;
  // Questions with a term that crossed the common-term line rank as before until the
  // background rebuild: few, and left out here.
  const crossed = new Set(extended.index.termsCrossedCommonLine());
  const compared = questions.filter((q) => !extended.analyzer.queryTerms(q).some((t) => crossed.has(t.term)));
  expect(compared.length).toBeGreaterThanOrEqual(questions.length * 0.9);
  for (const q of compared) {
    const a = extended.answer(q);
    const b = rebuilt.answer(q);
    expect([q, a.confident]).toEqual([q, b.confident]);
    expect([q, a.answers.length]).toEqual([q, b.answers.length]);
    if (JSON.stringify(shown(a)) === JSON.stringify(shown(b))) same++;
    a.answers.forEach((x, i) => {
      const y = b.answers[i] as (typeof b.answers)[number];
      const close = (u: number, v: number) => Math.abs(u - v) <= 0.02 * Math.abs(v) + 1e-9;
      expect(close(x.score, y.score), `${q} at ${i + 1}: ${x.score} against ${y.score}`).toBe(true);
      if (shown(a).answers[i] !== shown(b).answers[i]) {
        const tied = b.answers.some((z, j) => j !== i && close(z.score, y.score));
        expect(tied, `${q} at ${i + 1}: ${shown(a).answers[i]} against ${shown(b).answers[i]}`).toBe(true);
      }
    });
  }
  return same;
}

describe("extending a built knowledge base", () => {
  const built = KnowledgeBase.fromFiles(base);

  it("adds articles without a rebuild and answers as a rebuild does", () => {
    const extended = KnowledgeBase.extend(built, [...base, ...added]);
    expect(extended?.indexOrigin).toBe("extended");
    const rebuilt = KnowledgeBase.fromFiles([...base, ...added]);
    expect(extended?.passageCount).toBe(rebuilt.passageCount);
    expect(
      extended
        ?.sources()
        .map((s) => s.id)
        .sort(),
    ).toEqual(
      rebuilt
        .sources()
        .map((s) => s.id)
        .sort(),
    );
    expect(expectSameAnswers(extended as KnowledgeBase, rebuilt)).toBeGreaterThanOrEqual(questions.length * 0.95);
    // A word only the added article has, and a typo of it, find it.
    expect(extended?.answer("Yelabuga").answers[0]?.source.id).toBe("yelabuga");
    expect(extended?.answer("Yelabugo").answers[0]?.source.id).toBe("yelabuga");
  });

  it("removes articles, added or built, and answers as a rebuild does", () => {
    const grown = KnowledgeBase.extend(built, [...base, ...added]) as KnowledgeBase;
    // Every passage read for answering: the shrunk base takes over what was read of those that stay.
    for (const _ of grown.answerer.readAheadSteps());
    expect(grown.answerer.analysedPassages()).toBe(grown.corpus.passages.length);
    const gone = new Set(["yelabuga.md", "late-0.md", (base[5] as SourceFile).name, (base[9] as SourceFile).name]);
    const remaining = [...base, ...added].filter((f) => !gone.has(f.name));
    const shrunk = KnowledgeBase.extend(grown, remaining);
    expect(shrunk?.indexOrigin).toBe("extended");
    const removedPassages = grown.corpus.passages.length - (shrunk?.passageCount ?? 0);
    expect(removedPassages).toBeGreaterThan(0);
    expect(shrunk?.answerer.analysedPassages()).toBe(grown.corpus.passages.length - removedPassages);
    const rebuilt = KnowledgeBase.fromFiles(remaining);
    expect(shrunk?.passageCount).toBe(rebuilt.passageCount);
    expect(expectSameAnswers(shrunk as KnowledgeBase, rebuilt)).toBeGreaterThanOrEqual(questions.length * 0.95);
    expect(shrunk?.answer("Yelabuga").confident).toBe(false);
    expect(shrunk?.document("yelabuga")).toBeNull();
    // Takeaways of removed articles go; the added ones that stay have theirs.
    const ids = new Set(shrunk?.takeaways().map((t) => t.source.id));
    expect(ids.has("yelabuga")).toBe(false);
  });

  it("replaces an article whose file changed", () => {
    const file = base[0] as SourceFile;
    const text = `${new TextDecoder().decode(file.bytes)}\n\nA late paragraph says the Zubovka depot stores shells.`;
    const changed = [textFile(file.name, text), ...base.slice(1)];
    const extended = KnowledgeBase.extend(built, changed) as KnowledgeBase;
    expect(extended.indexOrigin).toBe("extended");
    expect(extended.answer("Which depot stores shells? Zubovka").answers[0]?.excerpt).toMatch(/Zubovka depot/);
    expect(extended.passageCount).toBe(KnowledgeBase.fromFiles(changed).passageCount);
  });

  it("leaves a large change, or an id taken twice, to a full build", () => {
    expect(KnowledgeBase.extend(built, base)).toBeNull(); // nothing changed
    expect(
      KnowledgeBase.extend(built, [
        ...base,
        ...generateCorpus(600, 12).map((f, i) =>
          textFile(`big-${i}.md`, new TextDecoder().decode(f.bytes).replace(/gen-\d+/g, `big-${i}`)),
        ),
      ]),
    ).toBeNull();
    const clash = textFile("elsewhere.md", new TextDecoder().decode((base[0] as SourceFile).bytes));
    expect(KnowledgeBase.extend(built, [...base, clash])).toBeNull();
  });
});
