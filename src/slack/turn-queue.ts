/**
 * Lets CPU-heavy replies (answers, summaries) run one per event-loop turn, in the order
 * they were asked for.
 *
 * Why: libuv accepts one new connection per turn (libuv PR #3696, in Node 20), and a turn
 * runs every request whose body has arrived. At 50,000 passages an answer costs about
 * 5 ms, so with 50 busy connections one turn lasted a quarter of a second and a client
 * opening a new connection waited up to 10 s to be accepted: past Slack's 3 s. Taking
 * turns keeps a turn to one answer, so new connections get in within milliseconds and
 * every request waits in one fair queue. With nothing queued it costs one setImmediate.
 */
export class TurnQueue {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** `schedule` runs a callback on a later turn; tests pass their own. */
  constructor(private readonly schedule: (callback: () => void) => void = setImmediate) {}

  /** Resolves on a turn of its own, after everyone who asked before. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.scheduleNext();
    });
  }

  /** How many are waiting for their turn. */
  get length(): number {
    return this.waiting.length;
  }

  private scheduleNext(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      this.scheduleNext();
    });
  }
}
