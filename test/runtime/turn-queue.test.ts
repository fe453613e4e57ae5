import { describe, expect, it } from "vitest";
import { TurnQueue } from "../../src/runtime/turn-queue.js";

describe("TurnQueue", () => {
  /** A queue whose turns and clock the test drives; each job takes `cost` ms. */
  function driven(budgetMs: number) {
    const turns: (() => void)[] = [];
    let clock = 0;
    const queue = new TurnQueue({ budgetMs, schedule: (callback) => turns.push(callback), now: () => clock });
    const done: string[] = [];
    const add = (name: string, cost: number) =>
      queue.run(() => {
        clock += cost;
        done.push(name);
        return name;
      });
    const turn = () => (turns.shift() as () => void)();
    return { queue, turns, done, add, turn };
  }

  it("runs jobs first come first served, as many per turn as the budget allows", async () => {
    const q = driven(4);
    const results = ["a", "b", "c", "d", "e"].map((name) => q.add(name, 3));
    expect(q.turns).toHaveLength(1); // one turn asked for at a time, not one per job
    expect(q.done).toEqual([]); // nothing runs before its turn

    q.turn(); // a takes 3 ms, under the 4 ms budget, so b starts too; then the budget is spent
    expect(q.done).toEqual(["a", "b"]);
    q.turn();
    expect(q.done).toEqual(["a", "b", "c", "d"]);
    q.turn();
    expect(q.done).toEqual(["a", "b", "c", "d", "e"]);
    expect(q.turns).toHaveLength(0); // nothing scheduled once the queue is empty
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("always runs at least one job a turn, however long it takes", () => {
    const q = driven(4);
    void q.add("slow", 50);
    void q.add("next", 1);
    q.turn();
    expect(q.done).toEqual(["slow"]);
    q.turn();
    expect(q.done).toEqual(["slow", "next"]);
  });

  it("passes a job's error to its caller and goes on with the others", async () => {
    const q = driven(4);
    const failing = q.queue.run(() => {
      throw new Error("boom");
    });
    const fine = q.add("fine", 1);
    q.turn();
    await expect(failing).rejects.toThrow("boom");
    expect(await fine).toBe("fine");
  });

  it("works on the real event loop", async () => {
    const queue = new TurnQueue();
    const order = await Promise.all([1, 2, 3].map((n) => queue.run(() => n)));
    expect(order).toEqual([1, 2, 3]);
  });
});
