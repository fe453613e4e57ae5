/**
 * Loads the knowledge base from a corpus folder, using a saved index when one matches
 * the corpus and saving a fresh one when it does not.
 */
import { Buffer } from "node:buffer";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { KnowledgeBase, SAVED_HEAD_CHARS } from "../core/knowledge-base.js";
import type { ProgressListener } from "../core/types.js";
import { failed, ok, type Result } from "../result.js";
import type { ArticleShelf } from "./article-shelf.js";
import { writeFileAtomic } from "./atomic-write.js";
import { readCorpusFolder } from "./corpus-folder.js";
import type { BuildIndexAside } from "./index-builder.js";

export interface LoadOptions {
  readonly corpusDir: string;
  /** The added articles (a folder or the database, see article-shelf.ts), read after the corpus folder. */
  readonly articles?: ArticleShelf | null;
  /** Where the index is saved between runs; none means build it every time. */
  readonly indexFile?: string | null;
  /** Where the takeaways are saved between runs (see {@link saveTakeaways}). */
  readonly takeawaysFile?: string | null;
  /** The knowledge base in use: when few files changed, its index is extended, not rebuilt (no save is read). */
  readonly previous?: KnowledgeBase | null;
  /**
   * Builds a missing or stale saved index in another process (see index-builder.ts)
   * instead of on this thread; the files are read again afterwards.
   */
  readonly buildAside?: BuildIndexAside | null;
  /**
   * Loads a saved index a slice at a time with this pause between slices (see
   * runtime/run-in-slices.ts), for an app that answers meanwhile; without it, at once.
   */
  readonly pause?: (() => Promise<void>) | null;
  /** Told how a build on this thread is going (see `nkru index`). */
  readonly progress?: ProgressListener;
}

export interface Loaded {
  readonly kb: KnowledgeBase;
  /** Milliseconds from the first read to a ready knowledge base. */
  readonly loadMs: number;
  /** Set when the index could not be saved (the knowledge base works regardless). */
  readonly saveError: string | null;
}

export async function loadKnowledgeBase(options: LoadOptions): Promise<Loaded> {
  const started = performance.now();
  const read = async () => {
    const corpus = await readCorpusFolder(options.corpusDir);
    const added = options.articles ? await options.articles.list() : { files: [], unreadable: [] };
    return { files: [...corpus.files, ...added.files], unreadable: [...corpus.unreadable, ...added.unreadable] };
  };
  let folder = await read();
  const previous = options.previous ?? null;
  let kb = previous ? KnowledgeBase.extend(previous, folder.files, folder.unreadable) : null;
  const { indexFile, buildAside } = options;
  if (!kb && indexFile && buildAside && !KnowledgeBase.savedFor(readSavedHead(indexFile), folder.files)) {
    const built = await buildAside({ corpusDir: options.corpusDir, indexFile });
    // Read again: the files may have changed meanwhile, and then this thread builds after all.
    if (built.ok) folder = await read();
  }
  if (!kb && indexFile && options.pause) {
    // Bytes, decoded a line at a time as they are parsed: decoding 230 MB at once held the loop 130 ms.
    const saved = await readFile(indexFile).catch(() => null);
    const savedTakeaways = options.takeawaysFile ? readSaved(options.takeawaysFile) : null;
    if (saved) kb = await KnowledgeBase.load(folder.files, folder.unreadable, saved, { savedTakeaways }, options.pause);
  }
  if (!kb) {
    const saved = options.indexFile ? readSaved(options.indexFile) : null;
    const savedTakeaways = options.takeawaysFile ? readSaved(options.takeawaysFile) : null;
    kb = KnowledgeBase.fromFiles(folder.files, folder.unreadable, {
      saved,
      savedTakeaways,
      ...(options.progress ? { progress: options.progress } : {}),
    });
  }
  let saveError: string | null = null;
  // An extended index is not saved: the next rebuild saves the whole (see CorpusReloader).
  if (options.indexFile && kb.indexOrigin !== "loaded" && kb.indexOrigin !== "extended") {
    await writeFileAtomic(options.indexFile, kb.serializeParts()).catch((error: Error) => {
      saveError = `could not save the index to ${options.indexFile}: ${error.message}`;
    });
  }
  return { kb, loadMs: performance.now() - started, saveError };
}

/**
 * Saves the takeaways once they are worked out, unless they were loaded: a restart
 * with the same corpus then has them at once. Returns why it could not, or null.
 */
export async function saveTakeaways(kb: KnowledgeBase, takeawaysFile: string): Promise<Result<void>> {
  const text = kb.takeawaysLoaded ? null : kb.serializeTakeaways();
  if (text === null) return ok(undefined);
  return writeFileAtomic(takeawaysFile, text).then(
    () => ok(undefined),
    (error: NodeJS.ErrnoException) =>
      failed(error.code ?? "write_failed", `could not save the takeaways to ${takeawaysFile}: ${error.message}`),
  );
}

/** The start of a saved file: whether it is current is read off its head (see KnowledgeBase.savedFor). */
function readSavedHead(path: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, "r");
    const head = Buffer.alloc(SAVED_HEAD_CHARS);
    return head.toString("latin1", 0, readSync(fd, head, 0, SAVED_HEAD_CHARS, 0));
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * A saved file, read in one call: 3 times faster than fs.promises for 20 MB. The core
 * writes them as ASCII, so they are read as Latin-1, which skips UTF-8 validation (37 ms
 * against 82); a file with other bytes would fail its format or key check and be rebuilt.
 */
function readSaved(path: string): string | null {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return null;
  }
}
