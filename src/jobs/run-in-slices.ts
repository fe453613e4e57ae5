/**
 * Runs a stepwise computation (a generator) a slice at a time, yielding to the event
 * loop between slices, so that requests keep being answered while it runs.
 */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs = 10): Promise<T> {
  for (;;) {
    const until = performance.now() + sliceMs;
    let step = steps.next();
    while (!step.done && performance.now() < until) step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
