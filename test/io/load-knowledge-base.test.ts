import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drain } from "../../src/core/centrality/centrality.js";
import { parseChunkedJson } from "../../src/core/chunked-json.js";
import { FolderShelf } from "../../src/io/article-shelf.js";
import { batches, writeFileAtomic } from "../../src/io/atomic-write.js";
import { CorpusFolderError, readCorpusFolder } from "../../src/io/corpus-folder.js";
import { loadKnowledgeBase, saveTakeaways } from "../../src/io/load-knowledge-base.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "nkru-io-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const article = (title: string, body: string) => `${title}\n\n${body}\n`;

describe("readCorpusFolder", () => {
  it("reads .md and .txt files and ignores others", async () => {
    await writeFile(join(dir, "a.md"), article("A Title", "Text about Pyongyang."));
    await writeFile(join(dir, "b.txt"), article("B Title", "Text about Moscow."));
    await writeFile(join(dir, "c.json"), "{}");
    await writeFile(join(dir, ".hidden.md"), "x");
    const folder = await readCorpusFolder(dir);
    expect(folder.files.map((f) => f.name)).toEqual(["a.md", "b.txt"]);
  });

  it("reports an unreadable file and reads the rest", async () => {
    if (process.getuid?.() === 0) return; // root reads everything; nothing to test here
    await writeFile(join(dir, "a.md"), article("A Title", "Text."));
    await writeFile(join(dir, "locked.md"), article("Locked", "Text."));
    await chmod(join(dir, "locked.md"), 0o000);
    const folder = await readCorpusFolder(dir);
    expect(folder.files.map((f) => f.name)).toEqual(["a.md"]);
    expect(folder.unreadable).toEqual([{ file: "locked.md", reason: "unreadable (EACCES)" }]);
  });

  it("reads subfolders and passes over README, LICENSE and dot-files", async () => {
    await mkdir(join(dir, "2025", "january"), { recursive: true });
    await mkdir(join(dir, ".git"));
    await writeFile(join(dir, "2025", "january", "deep.md"), article("Deep", "Text about Vladivostok."));
    await writeFile(join(dir, "top.md"), article("Top", "Text."));
    for (const name of ["README.md", "readme.txt", "LICENSE", "LICENSE.md", ".env.md", ".git/notes.md"])
      await writeFile(join(dir, name), article("Not An Article", "Setup notes."));
    const folder = await readCorpusFolder(dir);
    expect(folder.files.map((f) => f.name)).toEqual(["2025/january/deep.md", "top.md"]);
    expect(folder.unreadable).toEqual([]);
  });

  it("reads a link inside the folder but never one that leads outside it, a FIFO or a device", async () => {
    const outside = await mkdtemp(join(tmpdir(), "nkru-outside-"));
    try {
      await writeFile(join(outside, ".env"), "SLACK_BOT_TOKEN=xoxb-secret\n");
      await writeFile(join(dir, "real.md"), article("Real", "Text about Rason."));
      await symlink(join(dir, "real.md"), join(dir, "alias.md"));
      await symlink(join(outside, ".env"), join(dir, "secrets.md"));
      execFileSync("mkfifo", [join(outside, "pipe")]);
      await symlink(join(outside, "pipe"), join(dir, "pipe-outside.md"));
      execFileSync("mkfifo", [join(dir, "pipe.md")]);
      await symlink("/dev/zero", join(dir, "zero.md"));
      const folder = await readCorpusFolder(dir);
      expect(folder.files.map((f) => f.name)).toEqual(["alias.md", "real.md"]);
      expect(folder.unreadable).toEqual([
        { file: "pipe-outside.md", reason: "a link to a file outside the corpus folder (not read)" },
        { file: "pipe.md", reason: "not a regular file (a FIFO; not read)" },
        { file: "secrets.md", reason: "a link to a file outside the corpus folder (not read)" },
        { file: "zero.md", reason: "a link to a file outside the corpus folder (not read)" },
      ]);
      expect(folder.files.some((f) => Buffer.from(f.bytes).includes("xoxb-secret"))).toBe(false);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("names added articles apart from the corpus folder's and treats a missing articles folder as empty", async () => {
    const corpusDir = join(dir, "corpus");
    const articlesDir = join(dir, "data", "articles");
    await writeFileAtomic(join(corpusDir, "a.md"), article("A Title", "Text about Pyongyang."));
    const before = await loadKnowledgeBase({ corpusDir, articles: new FolderShelf(articlesDir) });
    expect(before.kb.corpus.documents.map((d) => d.file)).toEqual(["a.md"]);
    await writeFileAtomic(join(articlesDir, "a.md"), article("Added Title", "Text about Khasan."));
    const after = await loadKnowledgeBase({ corpusDir, articles: new FolderShelf(articlesDir) });
    expect(after.kb.corpus.documents.map((d) => d.file)).toEqual(["a.md", "added/a.md"]);
  });

  it("names a missing folder", async () => {
    await expect(readCorpusFolder(join(dir, "nope"))).rejects.toThrow(CorpusFolderError);
    await expect(readCorpusFolder(join(dir, "nope"))).rejects.toThrow(/does not exist/);
  });
});

describe("loadKnowledgeBase with a saved index", () => {
  it("saves the index, reuses it, and rebuilds it when the corpus changes", async () => {
    const corpusDir = join(dir, "corpus");
    const indexFile = join(dir, "data", "index.json");
    await writeFileAtomic(join(corpusDir, "a.md"), article("First Article", "Kozyrev criticised the arms deal."));

    const first = await loadKnowledgeBase({ corpusDir, indexFile });
    expect(first.kb.indexOrigin).toBe("built");
    const saved = await readFile(indexFile, "utf8");
    expect((drain(parseChunkedJson(saved)) as { index: { key: string } }).index.key).toBe(first.kb.index.key);

    const second = await loadKnowledgeBase({ corpusDir, indexFile });
    expect(second.kb.indexOrigin).toBe("loaded");

    // An analyst edits the article: the saved index is stale and must not answer.
    await writeFileAtomic(
      join(corpusDir, "a.md"),
      article("First Article", "Lukyanov questioned the sanctions regime."),
    );
    const third = await loadKnowledgeBase({ corpusDir, indexFile });
    expect(third.kb.indexOrigin).toBe("rebuilt-stale");
    expect(third.kb.answer("Who questioned the sanctions?").answers[0]?.excerpt).toMatch(/Lukyanov/);
    expect(third.kb.answer("Kozyrev").confident).toBe(false);
    const resaved = drain(parseChunkedJson(await readFile(indexFile, "utf8"))) as { index: { key: string } };
    expect(resaved.index.key).toBe(third.kb.index.key);
  });

  it("saves the takeaways once worked out, and a restart with the same corpus reuses them", async () => {
    const corpusDir = join(dir, "corpus");
    const files = { indexFile: join(dir, "data", "index.json"), takeawaysFile: join(dir, "data", "takeaways.json") };
    await writeFileAtomic(
      join(corpusDir, "a.md"),
      article("First Article", "Kozyrev criticised the arms deal with Pyongyang in strong terms last week."),
    );
    const first = await loadKnowledgeBase({ corpusDir, ...files });
    expect(first.kb.takeawaysLoaded).toBe(false);
    expect(await saveTakeaways(first.kb, files.takeawaysFile)).toEqual({ ok: true, value: undefined });
    await expect(readFile(files.takeawaysFile, "utf8")).rejects.toThrow(); // nothing to save before they exist
    const takeaways = first.kb.takeaways();
    expect(takeaways.length).toBeGreaterThan(0);
    expect(await saveTakeaways(first.kb, files.takeawaysFile)).toEqual({ ok: true, value: undefined });

    const second = await loadKnowledgeBase({ corpusDir, ...files });
    expect(second.kb.takeawaysLoaded).toBe(true);
    expect(second.kb.takeaways()).toEqual(takeaways);

    await writeFileAtomic(
      join(corpusDir, "a.md"),
      article("First Article", "Lukyanov questioned the sanctions regime on Pyongyang in a long essay."),
    );
    const third = await loadKnowledgeBase({ corpusDir, ...files });
    expect(third.kb.takeawaysLoaded).toBe(false);
    expect(third.kb.takeaways()[0]?.text).toMatch(/Lukyanov/);
  });

  it("works when the index cannot be saved, and says why", async () => {
    const corpusDir = join(dir, "corpus");
    await writeFileAtomic(join(corpusDir, "a.md"), article("First Article", "Kozyrev criticised the arms deal."));
    await writeFile(join(dir, "blocker"), "a file where a folder should be");
    const loaded = await loadKnowledgeBase({ corpusDir, indexFile: join(dir, "blocker", "index.json") });
    expect(loaded.kb.answer("Kozyrev").confident).toBe(true);
    expect(loaded.saveError).toMatch(/could not save the index/);
  });

  it("loads an empty folder as an empty corpus", async () => {
    const loaded = await loadKnowledgeBase({ corpusDir: dir });
    expect(loaded.kb.corpus.documents).toEqual([]);
    expect(loaded.kb.answer("anything").notice).toMatch(/corpus is empty/);
  });
});

describe("writeFileAtomic", () => {
  it("writes parts one after another, in batches, as one file", async () => {
    const parts = Array.from({ length: 5000 }, (_, i) => `part ${i};`);
    const path = join(dir, "parts.txt");
    await writeFileAtomic(path, parts);
    expect(await readFile(path, "utf8")).toBe(parts.join(""));
    const joined = [...batches(parts, 1000)];
    expect(joined.join("")).toBe(parts.join(""));
    expect(joined.length).toBeGreaterThan(40);
    expect(joined.slice(0, -1).every((b) => b.length >= 1000 && b.length < 1100)).toBe(true);
  });

  it("replaces the content whole and leaves no temporary file", async () => {
    const path = join(dir, "state.json");
    await writeFileAtomic(path, "old");
    await writeFileAtomic(path, "new");
    expect(await readFile(path, "utf8")).toBe("new");
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(dir)).toEqual(["state.json"]);
  });
});
