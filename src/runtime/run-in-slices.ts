/**
 * Runs a stepwise computation (a generator) a slice at a time, yielding to the event
 * loop between slices, so that requests keep being answered while it runs.
 */
export interface SliceOptions {
  /** Steps started in one slice stop being started after this many milliseconds. */
  readonly sliceMs?: number;
  /** A monotonic clock in milliseconds; tests pass their own. */
  readonly now?: () => number;
  /** Resolves on a later turn of the event loop; tests pass their own. */
  readonly nextTurn?: () => Promise<void>;
}

const laterTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runInSlices<T>(steps: Generator<void, T>, options: SliceOptions = {}): Promise<T> {
  const { sliceMs = 10, now = () => performance.now(), nextTurn = laterTurn } = options;
  for (;;) {
    const until = now() + sliceMs;
    let step = steps.next();
    while (!step.done && now() < until) step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}

/**
 * A pause for work written as an async function: it resolves at once while the current
 * slice has time left, and on a later turn of the event loop once it has not, so a
 * loader can call it as often as it likes.
 */
export function slicePause(options: SliceOptions = {}): () => Promise<void> {
  const { sliceMs = 10, now = () => performance.now(), nextTurn = laterTurn } = options;
  let until = now() + sliceMs;
  return async () => {
    if (now() < until) return;
    await nextTurn();
    until = now() + sliceMs;
  };
}
