/**
 * Reads a corpus folder for the core: every .md and .txt file directly inside it.
 * Files that cannot be read are reported, not thrown, so one bad file never stops the rest.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { SkippedFile, SourceFile } from "../core/types.js";

/** Larger files are refused: an article is tens of kilobytes; this is someone's data dump. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const TEXT_FILE = /\.(?:md|markdown|txt)$/i;

export interface CorpusFolder {
  readonly files: SourceFile[];
  readonly unreadable: SkippedFile[];
}

export class CorpusFolderError extends Error {}

export async function readCorpusFolder(dir: string): Promise<CorpusFolder> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && TEXT_FILE.test(e.name) && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a folder" : `cannot be read (${code})`;
    throw new CorpusFolderError(`corpus folder ${dir} ${why}`);
  }
  const files: SourceFile[] = [];
  const unreadable: SkippedFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const info = await stat(path);
      if (info.size > MAX_FILE_BYTES) {
        unreadable.push({ file: name, reason: `too large (${info.size} bytes; at most ${MAX_FILE_BYTES})` });
        continue;
      }
      files.push({ name, bytes: await readFile(path) });
    } catch (error) {
      unreadable.push({ file: name, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` });
    }
  }
  return { files, unreadable };
}
