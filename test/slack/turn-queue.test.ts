import { describe, expect, it } from "vitest";
import { TurnQueue } from "../../src/slack/turn-queue.js";

describe("TurnQueue", () => {
  it("lets one waiter through per turn, first come first served", async () => {
    const turns: (() => void)[] = [];
    const queue = new TurnQueue((callback) => turns.push(callback));
    const through: string[] = [];
    for (const name of ["a", "b", "c"]) void queue.next().then(() => through.push(name));
    expect(turns).toHaveLength(1); // one turn asked for at a time, not one per waiter

    const runTurn = async () => {
      (turns.shift() as () => void)();
      await Promise.resolve(); // the waiter's continuation
    };
    await runTurn();
    expect(through).toEqual(["a"]);
    expect(queue.length).toBe(2);
    await runTurn();
    expect(through).toEqual(["a", "b"]);
    void queue.next().then(() => through.push("d"));
    await runTurn();
    await runTurn();
    expect(through).toEqual(["a", "b", "c", "d"]);
    expect(turns).toHaveLength(0); // nothing scheduled once nobody waits
  });

  it("works on the real event loop", async () => {
    const queue = new TurnQueue();
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => queue.next().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
  });
});
