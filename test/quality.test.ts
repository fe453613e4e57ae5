/**
 * The quality floor: the development question sets scored in process, through the real
 * answer path, against floors set a little under what the fitted model measured (see
 * README, "Measured quality"). A change that hurts answers fails here before it lands.
 */
import { describe, expect, it } from "vitest";
import { evalSets, evalSetsPresent, knowledgeBaseOf, scoreSet } from "../bench/eval-sets.js";

/** Per set: recall@1, recall@3, answerable declined at most, unanswerable flagged at least. */
const FLOORS: Record<string, { r1: number; r3: number; declined: number; flagged: number }> = {
  dev: { r1: 0.8, r3: 0.92, declined: 3, flagged: 6 },
  "squad2-dev": { r1: 0.84, r3: 0.91, declined: 7, flagged: 15 },
  "mlqa-dev": { r1: 0.73, r3: 0.83, declined: 8, flagged: 0 },
};

describe.skipIf(!evalSetsPresent())("answer quality on the development sets (../shared/eval)", () => {
  it.each(evalSets().map((s) => [s.name, s] as const))("%s stays above its floor", async (name, set) => {
    const score = scoreSet(name, await knowledgeBaseOf(set.corpus), set.questions);
    const floor = FLOORS[name];
    if (!floor) throw new Error(`no floor for the set ${name}`);
    expect(score.recallAt1, "recall@1").toBeGreaterThanOrEqual(floor.r1);
    expect(score.recallAt3, "recall@3").toBeGreaterThanOrEqual(floor.r3);
    expect(score.declined, "answerable questions declined").toBeLessThanOrEqual(floor.declined);
    expect(score.flagged, "unanswerable questions flagged").toBeGreaterThanOrEqual(floor.flagged);
  });
});
