/**
 * Re-reads the corpus when analysts add or change articles: a file watcher (debounced,
 * so a burst of writes is one re-read) and `/nkru reindex` both come here. A new
 * knowledge base is built aside and swapped in whole; a re-read that fails keeps the
 * previous one and records why. Re-reads never overlap: one asked for during another
 * runs once it ends.
 */
import { watch } from "node:fs";
import type { KnowledgeHolder } from "../knowledge-holder.js";
import type { Logger } from "../logger.js";
import { runInSlices, slicePause } from "../runtime/run-in-slices.js";
import type { ArticleShelf } from "./article-shelf.js";
import { TEXT_FILE } from "./corpus-folder.js";
import type { BuildIndexAside } from "./index-builder.js";
import { loadKnowledgeBase, saveTakeaways } from "./load-knowledge-base.js";

export type ReloadResult = { ok: true; documents: number; passages: number; ms: number } | { ok: false; error: string };

export interface ReloaderOptions {
  readonly corpusDir: string;
  /** The added articles (see article-shelf.ts). */
  readonly articles?: ArticleShelf | null;
  readonly indexFile: string | null;
  readonly takeawaysFile?: string | null;
  readonly knowledge: KnowledgeHolder;
  readonly logger: Logger;
  /** Quiet time after the last change before re-reading. */
  readonly debounceMs?: number;
  /** Watches a folder, calling back with the changed file's name; default `fs.watch`. Tests pass their own. */
  readonly watchFolder?: WatchFolder;
  /** Timers for the quiet time; default the platform's. Tests pass their own. */
  readonly timers?: Timers;
  /** Builds a stale saved index in another process (see index-builder.ts); without it, this thread builds. */
  readonly buildAside?: BuildIndexAside | null;
  /**
   * Quiet time after an index was extended before it is rebuilt aside and reloaded, so
   * that its scores are a rebuild's again and the saved index is current for restarts.
   */
  readonly rebuildAfterMs?: number;
}

export type WatchFolder = (
  dir: string,
  onChange: (file: string | null) => void,
  onError: (error: unknown) => void,
) => { close(): void };

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const platformTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const fsWatch: WatchFolder = (dir, onChange, onError) => {
  // Recursive: articles in subfolders are part of the corpus.
  const watcher = watch(dir, { recursive: true }, (_event, file) => onChange(file === null ? null : String(file)));
  watcher.on("error", onError);
  return watcher;
};

export class CorpusReloader {
  private current: Promise<ReloadResult> | null = null;
  private queued: Promise<ReloadResult> | null = null;
  private watcher: { close(): void } | null = null;
  private timer: unknown = null;
  private readonly timers: Timers;

  constructor(private readonly o: ReloaderOptions) {
    this.timers = o.timers ?? platformTimers;
  }

  /** Re-reads now (or right after a re-read under way). */
  reload(reason: string, fresh = false): Promise<ReloadResult> {
    if (!this.current) {
      this.current = this.run(reason, fresh).finally(() => {
        this.current = null;
      });
      return this.current;
    }
    // One re-read is enough for any number of changes made while another ran.
    this.queued ??= this.current.then(() => {
      this.queued = null;
      return this.reload(reason, fresh);
    });
    return this.queued;
  }

  private rebuildTimer: unknown = null;

  /** After an extended index, a rebuild aside once changes have been quiet for a while. */
  private rebuildLater(): void {
    if (!this.o.indexFile || !this.o.buildAside) return;
    if (this.rebuildTimer !== null) this.timers.clearTimeout(this.rebuildTimer);
    this.rebuildTimer = this.timers.setTimeout(() => {
      this.rebuildTimer = null;
      void this.reload("folding added articles into a rebuilt index", true);
    }, this.o.rebuildAfterMs ?? 60_000);
  }

  private async run(reason: string, fresh: boolean): Promise<ReloadResult> {
    const { logger, knowledge } = this.o;
    try {
      const { corpusDir, articles, indexFile, takeawaysFile } = this.o;
      // The shelf's version before it is read: a change made after this re-reads again (followShelf).
      const stamp = articles ? await articles.stamp().catch(() => undefined) : undefined;
      // A few articles added or removed extend the index in use; more rebuild it.
      const previous = fresh ? null : (knowledge.current?.kb ?? null);
      const buildAside = this.o.buildAside ?? null;
      const loaded = await loadKnowledgeBase({
        corpusDir,
        articles,
        indexFile,
        takeawaysFile,
        previous,
        buildAside,
        pause: slicePause(),
      });
      if (stamp !== undefined) this.shelfStamp = stamp;
      const kb = loaded.kb;
      // Computed aside, in slices, before the swap: the first digest after it pays nothing.
      await runInSlices(kb.warmUpInSteps());
      const saved = takeawaysFile ? await saveTakeaways(kb, takeawaysFile) : null;
      if (saved && !saved.ok) logger.warn({ code: saved.code }, saved.message ?? "could not save the takeaways");
      knowledge.set(kb, loaded.loadMs);
      // Questions are answered meanwhile; a swap does not wait for it.
      void runInSlices(kb.readAheadSteps());
      if (kb.indexOrigin === "extended") this.rebuildLater();
      for (const s of kb.corpus.skipped) logger.warn({ file: s.file, reason: s.reason }, "skipped a corpus file");
      const result = {
        ok: true as const,
        documents: kb.corpus.documents.length,
        passages: kb.passageCount,
        ms: loaded.loadMs,
      };
      logger.info({ reason, index: kb.indexOrigin, ...result }, "corpus re-read");
      return result;
    } catch (error) {
      const message = (error as Error).message;
      knowledge.lastError = message;
      logger.error({ reason, err: error }, `corpus re-read failed; answering from the previous index: ${message}`);
      return { ok: false, error: message };
    }
  }

  /** Watches the corpus folder; changes re-read it after `debounceMs` of quiet. */
  watch(): void {
    const debounce = this.o.debounceMs ?? 2000;
    const onChange = (file: string | null) => {
      if (file && !TEXT_FILE.test(file)) return;
      if (this.timer !== null) this.timers.clearTimeout(this.timer);
      this.timer = this.timers.setTimeout(() => {
        this.timer = null;
        void this.reload("corpus files changed");
      }, debounce);
    };
    try {
      this.watcher = (this.o.watchFolder ?? fsWatch)(this.o.corpusDir, onChange, (error) =>
        this.o.logger.warn({ err: error }, "corpus watcher stopped"),
      );
    } catch (error) {
      this.o.logger.warn({ err: error }, "cannot watch the corpus folder; use /nkru reindex after adding articles");
    }
  }

  private poller: unknown = null;
  /** The shelf's version the knowledge base in use was read at; undefined until known. */
  private shelfStamp: string | null | undefined;

  /**
   * Re-reads when another replica changed the shared shelf of added articles: its version
   * is looked at every `everyMs` and compared with the one the last re-read saw, so this
   * replica's own adds (already re-read) cost nothing more. A shelf that only this process
   * writes has no version, and nothing is followed.
   */
  followShelf(everyMs = 5000): void {
    const shelf = this.o.articles;
    if (!shelf) return;
    const look = async () => {
      const stamp = await shelf.stamp().catch(() => undefined);
      if (stamp === null) return;
      if (stamp !== undefined) {
        if (this.shelfStamp === undefined) this.shelfStamp = stamp;
        else if (stamp !== this.shelfStamp) await this.reload("articles changed on another replica");
      }
      this.poller = this.timers.setTimeout(() => void look(), everyMs);
    };
    void look();
  }

  /** Stops watching and waits for a re-read under way. */
  async close(): Promise<void> {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    if (this.poller !== null) this.timers.clearTimeout(this.poller);
    this.poller = null;
    if (this.rebuildTimer !== null) this.timers.clearTimeout(this.rebuildTimer);
    this.rebuildTimer = null;
    this.watcher?.close();
    await this.queued;
    await this.current;
  }
}
