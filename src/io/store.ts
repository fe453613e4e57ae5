/**
 * State that must survive a restart, behind a small interface that a networked store
 * (Redis, Postgres) can implement later. {@link FileStore} keeps one JSON file per
 * collection under DATA_DIR, each written atomically and one writer at a time.
 */
import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";

export interface FeedbackRecord {
  /** ISO time of the vote. */
  readonly at: string;
  readonly user: string;
  readonly vote: "up" | "down";
  readonly question: string;
  /** Cited passages, as "document-id#passage". */
  readonly cited: readonly string[];
  readonly channel: string | null;
}

export interface Store {
  recordFeedback(record: FeedbackRecord): Promise<void>;
  feedback(): Promise<FeedbackRecord[]>;
}

export class StoreError extends Error {}

/** JSON documents in a folder; a corrupt one is set aside (never deleted) and started afresh. */
export class JsonFiles {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Files found corrupt and set aside, for the operator to inspect. */
  readonly setAside: string[] = [];

  constructor(readonly dir: string) {}

  private path(name: string): string {
    return join(this.dir, `${name}.json`);
  }

  async read<T>(name: string, empty: T): Promise<T> {
    let text: string;
    try {
      text = await readFile(this.path(name), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return empty;
      throw new StoreError(`cannot read ${this.path(name)}: ${(error as Error).message}`);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      const aside = `${this.path(name)}.corrupt-${this.setAside.length + 1}-${process.pid}`;
      await rename(this.path(name), aside).catch(() => {});
      this.setAside.push(aside);
      return empty;
    }
  }

  /** Read-modify-write, serialised per document so concurrent updates never lose one another. */
  update<T>(name: string, empty: T, change: (current: T) => T): Promise<T> {
    const previous = this.queues.get(name) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const updated = change(await this.read(name, empty));
        await writeFileAtomic(this.path(name), `${JSON.stringify(updated, null, 1)}\n`);
        return updated;
      });
    this.queues.set(name, next);
    return next;
  }
}

export class FileStore implements Store {
  readonly files: JsonFiles;

  constructor(dir: string) {
    this.files = new JsonFiles(dir);
  }

  async recordFeedback(record: FeedbackRecord): Promise<void> {
    await this.files.update<FeedbackRecord[]>("feedback", [], (all) => [...all, record]);
  }

  feedback(): Promise<FeedbackRecord[]> {
    return this.files.read<FeedbackRecord[]>("feedback", []);
  }
}
