/**
 * The only reader of the environment. Everything else receives values from here.
 */
import { fileURLToPath } from "node:url";

/** The articles shipped with nkru (`corpus/` at the project root). */
export const BUNDLED_CORPUS_DIR = fileURLToPath(new URL("../corpus/", import.meta.url));

export type Env = Readonly<Record<string, string | undefined>>;

/** CORPUS_DIR, or the bundled corpus. */
export function corpusDirFrom(env: Env): string {
  const dir = env.CORPUS_DIR?.trim();
  return dir ? dir : BUNDLED_CORPUS_DIR;
}
