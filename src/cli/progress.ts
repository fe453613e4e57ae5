/**
 * How `nkru index` shows a build's progress: a bar redrawn in place on a terminal, and
 * on anything else (a log, a pipe) a line when a stage starts and at each tenth of it.
 */
import type { Writable } from "node:stream";
import type { BuildProgress } from "../core/types.js";

const UNITS: Readonly<Record<BuildProgress["stage"], string>> = {
  parsing: "files",
  analysing: "passages",
  indexing: "passages",
};
const BAR_WIDTH = 30;
/** A terminal is redrawn at most this often, milliseconds. */
const REDRAW_MS = 100;

export interface ProgressView {
  update(progress: BuildProgress): void;
  /** Ends the bar's line, so what is written next starts on its own. */
  finish(): void;
}

export function progressView(
  stream: Writable & { isTTY?: boolean },
  now: () => number,
  prefix = "nkru index: ",
): ProgressView {
  const terminal = Boolean(stream.isTTY);
  let stage: BuildProgress["stage"] | null = null;
  let tenth = -1;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let open = false;
  const share = (p: BuildProgress) => (p.total > 0 ? Math.min(1, p.done / p.total) : 1);
  const counts = (p: BuildProgress) =>
    `${p.done.toLocaleString("en-US")} of ${p.total.toLocaleString("en-US")} ${UNITS[p.stage]}`;
  return {
    update(p) {
      const fraction = share(p);
      const newStage = p.stage !== stage;
      stage = p.stage;
      if (terminal) {
        const end = fraction === 1;
        if (!newStage && !end && now() - drawnAt < REDRAW_MS) return;
        drawnAt = now();
        const filled = Math.round(fraction * BAR_WIDTH);
        const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
        const line = `${prefix}${p.stage.padEnd(9)} ${bar} ${String(Math.floor(fraction * 100)).padStart(3)}% ${counts(p)}`;
        stream.write(`${newStage && open ? "\n" : ""}\r${line}\u001b[K`);
        open = true;
        return;
      }
      const at = Math.floor(fraction * 10);
      if (!newStage && at === tenth) return;
      tenth = at;
      stream.write(`${prefix}${p.stage} ${at * 10}% (${counts(p)})\n`);
    },
    finish() {
      if (open) stream.write("\n");
      open = false;
    },
  };
}
