import { describe, expect, it } from "vitest";
import { runInSlices } from "../../src/jobs/run-in-slices.js";

describe("runInSlices", () => {
  it("returns the computation's result and lets other work run between slices", async () => {
    const order: string[] = [];
    function* steps(): Generator<void, number> {
      let sum = 0;
      for (let i = 1; i <= 5; i++) {
        // Each step outlasts a 0 ms slice, so every step ends a slice.
        const until = performance.now() + 1;
        while (performance.now() < until) {}
        sum += i;
        order.push(`step ${i}`);
        yield;
      }
      return sum;
    }
    setImmediate(() => order.push("other work"));
    expect(await runInSlices(steps(), 0)).toBe(15);
    expect(order.indexOf("other work")).toBeGreaterThan(0);
    expect(order.indexOf("other work")).toBeLessThan(order.length - 1);
  });
});
