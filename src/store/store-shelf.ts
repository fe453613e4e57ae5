/**
 * Added articles as rows of the shared database, for several replicas: an article added
 * through one replica is on every replica's shelf at once, and each replica's reloader
 * sees the version change (CorpusReloader.followShelf) and re-reads within seconds. The
 * rows hold the same Markdown a FolderShelf would write.
 */
import type { Clock } from "../clock.js";
import type { SkippedFile, SourceFile } from "../core/types.js";
import { ADDED_PREFIX, type ArticleShelf } from "../io/article-shelf.js";
import type { Store } from "./store.js";

export class StoreShelf implements ArticleShelf {
  readonly description: string;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.description = `articles in ${store.description}`;
  }

  async list(): Promise<{ files: SourceFile[]; unreadable: SkippedFile[] }> {
    const rows = await this.store.articles();
    return {
      files: rows.map((r) => ({ name: `${ADDED_PREFIX}${r.file}`, bytes: Buffer.from(r.text, "utf8") })),
      unreadable: [],
    };
  }

  async text(file: string): Promise<string | null> {
    return (await this.store.articles()).find((r) => r.file === file)?.text ?? null;
  }

  save(file: string, text: string): Promise<void> {
    return this.store.saveArticle(file, text, this.clock().toISOString());
  }

  remove(file: string): Promise<void> {
    return this.store.removeArticle(file);
  }

  async stamp(): Promise<string | null> {
    return String(await this.store.articlesVersion());
  }
}
