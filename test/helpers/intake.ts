/** A corpus folder, an articles folder, a knowledge holder and an intake over them, for tests that add articles. */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { BUNDLED_CORPUS_DIR } from "../../src/config.js";
import { ArticleIntake, type IntakeOptions } from "../../src/ingest/article-intake.js";
import { FolderShelf } from "../../src/io/article-shelf.js";
import { CorpusReloader } from "../../src/io/corpus-reloader.js";
import { loadKnowledgeBase } from "../../src/io/load-knowledge-base.js";
import { KnowledgeHolder } from "../../src/knowledge-holder.js";
import { createLogger, type Logger } from "../../src/logger.js";

export interface IntakeWorld {
  readonly dir: string;
  readonly corpusDir: string;
  readonly articlesDir: string;
  readonly knowledge: KnowledgeHolder;
  readonly reloader: CorpusReloader;
  readonly intake: ArticleIntake;
  readonly logger: Logger;
  /** Parsed JSON log lines. */
  readonly logs: Record<string, unknown>[];
  readonly clock: () => Date;
  close(): Promise<void>;
}

export async function intakeWorld(
  options: { bundled?: boolean; allow?: string[]; fetch?: IntakeOptions["fetch"]; now?: Date } = {},
): Promise<IntakeWorld> {
  const dir = await mkdtemp(join(tmpdir(), "nkru-intake-"));
  const corpusDir = join(dir, "corpus");
  const articlesDir = join(dir, "data", "articles");
  await cp(BUNDLED_CORPUS_DIR, corpusDir, { recursive: true });
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    pretty: false,
    level: "debug",
    destination: new Writable({
      write(chunk, _e, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    }),
  });
  let now = options.now ?? new Date("2026-03-01T09:00:00Z");
  const clock = () => {
    now = new Date(now.getTime() + 1); // time moves on, one millisecond a look
    return now;
  };
  const knowledge = new KnowledgeHolder(clock);
  const loaded = await loadKnowledgeBase({ corpusDir, articles: new FolderShelf(articlesDir) });
  knowledge.set(loaded.kb, loaded.loadMs);
  const reloader = new CorpusReloader({
    corpusDir,
    articles: new FolderShelf(articlesDir),
    indexFile: null,
    knowledge,
    logger,
  });
  const intake = new ArticleIntake({
    shelf: new FolderShelf(articlesDir),
    knowledge,
    reload: (reason) => reloader.reload(reason),
    policy: { allow: options.allow ?? ["127.0.0.1"] },
    logger,
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    dir,
    corpusDir,
    articlesDir,
    knowledge,
    reloader,
    intake,
    logger,
    logs,
    clock,
    close: async () => {
      await reloader.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
