/**
 * Re-reads the corpus when analysts add or change articles: a file watcher (debounced,
 * so a burst of writes is one re-read) and `/nkru reindex` both come here. A new
 * knowledge base is built aside and swapped in whole; a re-read that fails keeps the
 * previous one and records why. Re-reads never overlap: one asked for during another
 * runs once it ends.
 */
import { type FSWatcher, watch } from "node:fs";
import { runInSlices } from "../jobs/run-in-slices.js";
import type { KnowledgeHolder } from "../knowledge-holder.js";
import type { Logger } from "../logger.js";
import { loadKnowledgeBase, saveTakeaways } from "./load-knowledge-base.js";

export type ReloadResult = { ok: true; documents: number; passages: number; ms: number } | { ok: false; error: string };

export interface ReloaderOptions {
  readonly corpusDir: string;
  readonly indexFile: string | null;
  readonly takeawaysFile?: string | null;
  readonly knowledge: KnowledgeHolder;
  readonly logger: Logger;
  /** Quiet time after the last change before re-reading. */
  readonly debounceMs?: number;
}

export class CorpusReloader {
  private current: Promise<ReloadResult> | null = null;
  private queued: Promise<ReloadResult> | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: ReloaderOptions) {}

  /** Re-reads now (or right after a re-read under way). */
  reload(reason: string): Promise<ReloadResult> {
    if (!this.current) {
      this.current = this.run(reason).finally(() => {
        this.current = null;
      });
      return this.current;
    }
    // One re-read is enough for any number of changes made while another ran.
    this.queued ??= this.current.then(() => {
      this.queued = null;
      return this.reload(reason);
    });
    return this.queued;
  }

  private async run(reason: string): Promise<ReloadResult> {
    const { logger, knowledge } = this.o;
    try {
      const { corpusDir, indexFile, takeawaysFile } = this.o;
      const loaded = await loadKnowledgeBase({ corpusDir, indexFile, takeawaysFile });
      const kb = loaded.kb;
      // Computed aside, in slices, before the swap: the first digest after it pays nothing.
      await runInSlices(kb.warmUpInSteps());
      const notSaved = takeawaysFile ? await saveTakeaways(kb, takeawaysFile) : null;
      if (notSaved) logger.warn(notSaved);
      knowledge.set(kb, loaded.loadMs);
      for (const s of kb.corpus.skipped) logger.warn({ file: s.file, reason: s.reason }, "skipped a corpus file");
      const result = {
        ok: true as const,
        documents: kb.corpus.documents.length,
        passages: kb.corpus.passages.length,
        ms: loaded.loadMs,
      };
      logger.info({ reason, ...result }, "corpus re-read");
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
    try {
      this.watcher = watch(this.o.corpusDir, (_event, file) => {
        if (file && !/\.(?:md|markdown|txt)$/i.test(String(file))) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.reload("corpus files changed");
        }, debounce);
      });
      this.watcher.on("error", (error) => this.o.logger.warn({ err: error }, "corpus watcher stopped"));
    } catch (error) {
      this.o.logger.warn({ err: error }, "cannot watch the corpus folder; use /nkru reindex after adding articles");
    }
  }

  /** Stops watching and waits for a re-read under way. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    await this.queued;
    await this.current;
  }
}
