/**
 * Reads corpus folders for the core: every .md, .markdown and .txt file in them and in
 * their subfolders. Only regular files are read: a symlink that leads out of its folder
 * (to a `.env`, say) is skipped with the reason, and a FIFO or device is never opened
 * for reading its data (a FIFO would block the bot, `/dev/zero` would fill its memory).
 * `README`, `LICENSE` and dot-files are not articles and are passed over. Files that
 * cannot be read are reported, not thrown, so one bad file never stops the rest.
 */

import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import { join, relative, sep } from "node:path";
import type { SkippedFile, SourceFile } from "../core/types.js";
import { slicePause } from "../runtime/run-in-slices.js";

/** Larger files are refused: an article is tens of kilobytes; this is someone's data dump. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Folders deeper than this are someone's archive tree, not a corpus. */
const MAX_DEPTH = 8;
export const TEXT_FILE = /\.(?:md|markdown|txt)$/i;
/** Files that describe a folder rather than being an article in it. */
const NOT_ARTICLES = /^(?:readme|license|licence|copying|changelog|contributing)(?:\.[a-z]+)?$/i;

export interface CorpusFolder {
  readonly files: SourceFile[];
  readonly unreadable: SkippedFile[];
}

export interface FolderOptions {
  /** Put before each file's name ("added/"), so two folders' files never share one. */
  readonly prefix?: string;
  /** A folder that does not exist yet is empty rather than an error (nkru's own articles folder). */
  readonly optional?: boolean;
}

export class CorpusFolderError extends Error {}

export async function readCorpusFolder(dir: string, options: FolderOptions = {}): Promise<CorpusFolder> {
  let root: string;
  try {
    root = realpathSync(dir);
    if (!statSync(root).isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (options.optional && code === "ENOENT") return { files: [], unreadable: [] };
    const why =
      code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a folder" : `cannot be read (${code})`;
    throw new CorpusFolderError(`corpus folder ${dir} ${why}`);
  }
  // Read synchronously, in slices: at 2,000 files that takes 40 ms, where fs.promises,
  // one file after another, takes 400 ms of round trips to the thread pool (130 ms eight
  // at a time); between slices the event loop answers (20,000 files are 400 ms of reads).
  const pause = slicePause();
  const files: SourceFile[] = [];
  const unreadable: SkippedFile[] = [];
  const prefix = options.prefix ?? "";
  const walk = async (folder: string, depth: number): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      const name = `${prefix}${relative(root, folder).split(sep).join("/")}/`;
      unreadable.push({
        file: name,
        reason: `unreadable folder (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith(".") || NOT_ARTICLES.test(e.name)) continue;
      const path = join(folder, e.name);
      const name = `${prefix}${relative(root, path).split(sep).join("/")}`;
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(path, depth + 1);
        else unreadable.push({ file: `${name}/`, reason: `more than ${MAX_DEPTH} folders deep` });
        continue;
      }
      if (!TEXT_FILE.test(e.name)) continue;
      await pause();
      const read = readOne(root, path, name);
      if (read === null) continue;
      if ("bytes" in read) files.push(read);
      else unreadable.push(read);
    }
  };
  await walk(root, 0);
  return { files, unreadable };
}

function readOne(root: string, path: string, name: string): SourceFile | SkippedFile | null {
  try {
    let target = path;
    if (lstatSync(path).isSymbolicLink()) {
      target = realpathSync(path);
      if (target !== root && !target.startsWith(root + sep)) {
        return { file: name, reason: "a link to a file outside the corpus folder (not read)" };
      }
    }
    const kind = kindOf(statSync(target));
    if (kind !== "file") return { file: name, reason: `not a regular file (${kind}; not read)` };
    return { name, bytes: readRegularFile(target) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { skip?: string };
    if (e.skip) return { file: name, reason: e.skip };
    if (e.code === "ENOENT") return null; // removed while the folder was read
    return { file: name, reason: `unreadable (${e.code ?? "error"})` };
  }
}

/**
 * Opens without blocking and checks what was opened before reading: a file swapped for a
 * FIFO between the check and the open is still never read.
 */
function readRegularFile(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw Object.assign(new Error("not a file"), { skip: `not a regular file (${kindOf(stat)}; not read)` });
    if (stat.size > MAX_FILE_BYTES) {
      throw Object.assign(new Error("too large"), {
        skip: `too large (${stat.size} bytes; at most ${MAX_FILE_BYTES})`,
      });
    }
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === bytes.length ? bytes : bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: import("node:fs").Stats): string {
  if (stat.isFile()) return "file";
  if (stat.isDirectory()) return "folder";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return "not a file";
}
