/**
 * Runs CPU-heavy replies (answers, summaries) in the order they were asked for, a few
 * milliseconds' worth per event-loop turn.
 *
 * Why: libuv accepts one new connection per turn (libuv PR #3696, in Node 20), and a turn
 * runs every request whose body has arrived. At 50,000 passages an answer costs about
 * 5 ms, so with 50 busy connections one turn lasted a quarter of a second and a client
 * opening a new connection waited up to 10 s to be accepted: past Slack's 3 s. With a
 * budget per turn, new connections get in within milliseconds and every request waits
 * in one fair queue. With nothing queued, a job costs one setImmediate.
 */
export interface TurnQueueOptions {
  /** Work started in one turn stops being started after this many milliseconds. */
  readonly budgetMs?: number;
  /** Runs a callback on a later turn; tests pass their own. */
  readonly schedule?: (callback: () => void) => void;
  readonly now?: () => number;
}

interface Job {
  readonly run: () => void;
}

export class TurnQueue {
  private readonly waiting: Job[] = [];
  private scheduled = false;
  private readonly budgetMs: number;
  private readonly schedule: (callback: () => void) => void;
  private readonly now: () => number;

  constructor(options: TurnQueueOptions = {}) {
    this.budgetMs = options.budgetMs ?? 4;
    this.schedule = options.schedule ?? setImmediate;
    this.now = options.now ?? (() => performance.now());
  }

  /** Runs `work` on a coming turn, after everything queued before it; settles with its outcome. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        run: () => {
          try {
            resolve(work());
          } catch (error) {
            reject(error);
          }
        },
      });
      this.scheduleTurn();
    });
  }

  /** How many jobs are waiting. */
  get length(): number {
    return this.waiting.length;
  }

  private scheduleTurn(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      const until = this.now() + this.budgetMs;
      // At least one job a turn, then more while the turn's budget lasts.
      do this.waiting.shift()?.run();
      while (this.waiting.length > 0 && this.now() < until);
      this.scheduleTurn();
    });
  }
}
