import { describe, expect, it } from "vitest";
import { runInSlices } from "../../src/runtime/run-in-slices.js";

/** Steps that each take `cost` milliseconds of a fake clock, logging what runs. */
function fakeWork(log: string[], clock: { t: number }, cost: number, count: number) {
  return (function* (): Generator<void, number> {
    let sum = 0;
    for (let i = 1; i <= count; i++) {
      clock.t += cost;
      sum += i;
      log.push(`step ${i}`);
      yield;
    }
    return sum;
  })();
}

describe("runInSlices", () => {
  it("returns the computation's result, giving the event loop a turn after each slice's budget", async () => {
    const log: string[] = [];
    const clock = { t: 0 };
    const result = await runInSlices(fakeWork(log, clock, 4, 5), {
      sliceMs: 10,
      now: () => clock.t,
      nextTurn: async () => {
        log.push("turn");
      },
    });
    expect(result).toBe(15);
    // 4 ms steps in a 10 ms slice: three steps (0 → 12 ms) then a turn, and so on.
    expect(log).toEqual(["step 1", "step 2", "step 3", "turn", "step 4", "step 5"]);
  });

  it("runs at least one step per slice, however slow a step is", async () => {
    const log: string[] = [];
    const clock = { t: 0 };
    await runInSlices(fakeWork(log, clock, 50, 3), {
      sliceMs: 10,
      now: () => clock.t,
      nextTurn: async () => {
        log.push("turn");
      },
    });
    expect(log).toEqual(["step 1", "turn", "step 2", "turn", "step 3", "turn"]);
  });
});
