import { randomBytes } from "node:crypto";

/**
 * A name beside `path` for a damaged or unexpected file set aside: the time and a random
 * part, so that restarts never reuse one (in a container node is always PID 1, so a
 * counter-and-PID name came back on every restart and overwrote the earlier copy).
 */
export function asideName(path: string, now: Date): string {
  return `${path}.corrupt-${now.toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
}
