/**
 * Where added articles are kept, as Markdown with front matter: files in nkru's own
 * folder (DATA_DIR/articles) for one instance, where a person can read, edit and back
 * them up; rows in the shared database when several replicas run (store/store-shelf.ts),
 * so an article added through one replica reaches the others with no shared folder.
 * Either way the core parses the same text, named "added/<id>.md".
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { SkippedFile, SourceFile } from "../core/types.js";
import { writeFileAtomic } from "./atomic-write.js";
import { readCorpusFolder } from "./corpus-folder.js";

/** Where added articles' files are named from, so they never share a name with the corpus folder's. */
export const ADDED_PREFIX = "added/";

export interface ArticleShelf {
  /** For logs and status: the folder, or the database. */
  readonly description: string;
  /** Every article on the shelf, named ADDED_PREFIX + its file name. */
  list(): Promise<{ files: SourceFile[]; unreadable: SkippedFile[] }>;
  /** One article's text by its file name ("rail-link.md"), or null. */
  text(file: string): Promise<string | null>;
  /** Saves an article whole, or not at all. */
  save(file: string, text: string): Promise<void>;
  remove(file: string): Promise<void>;
  /** Changes whenever another process changes the shelf; null when only this process writes to it. */
  stamp(): Promise<string | null>;
}

export class FolderShelf implements ArticleShelf {
  readonly description: string;

  constructor(readonly dir: string) {
    this.description = dir;
  }

  list() {
    return readCorpusFolder(this.dir, { prefix: ADDED_PREFIX, optional: true });
  }

  async text(file: string): Promise<string | null> {
    return readFile(join(this.dir, file), "utf8").catch(() => null);
  }

  save(file: string, text: string): Promise<void> {
    return writeFileAtomic(join(this.dir, file), text);
  }

  async remove(file: string): Promise<void> {
    await rm(join(this.dir, file));
  }

  async stamp(): Promise<string | null> {
    return null;
  }
}
