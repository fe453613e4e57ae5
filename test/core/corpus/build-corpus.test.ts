import { describe, expect, it } from "vitest";
import { buildCorpus } from "../../../src/core/corpus/build-corpus.js";
import { bundledFiles, textFile } from "../../helpers/corpus.js";

describe("buildCorpus", () => {
  it("loads the three bundled documents with passages that know their document and place", () => {
    const corpus = buildCorpus(bundledFiles());
    expect(corpus.skipped).toEqual([]);
    expect(corpus.documents.map((d) => d.id)).toEqual(["dangerous-partnership", "forge-alliance", "fortify-alliance"]);
    expect(corpus.passages.length).toBe(corpus.documents.reduce((n, d) => n + d.passageCount, 0));
    corpus.passages.forEach((p, i) => {
      expect(p.id).toBe(i);
      expect(p.sentences.length).toBeGreaterThan(0);
    });
  });

  it("skips each bad file with its reason and still loads the rest", () => {
    const files = [
      textFile("good.md", "Good Title\n\nA perfectly ordinary paragraph about Russia and North Korea."),
      { name: "empty.md", bytes: new Uint8Array() },
      { name: "image.txt", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) },
      { name: "latin1.txt", bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]) },
      textFile("broken.md", "---\ntitle: [oops\n---\nText."),
      textFile("title-only.md", "Just A Title\n"),
    ];
    const corpus = buildCorpus(files, [{ file: "locked.md", reason: "unreadable (EACCES)" }]);
    expect(corpus.documents.map((d) => d.id)).toEqual(["good"]);
    expect(corpus.skipped.map((s) => [s.file, s.reason.split(":")[0]])).toEqual([
      ["broken.md", "broken front matter"],
      ["empty.md", "empty file"],
      ["image.txt", "binary file (contains NUL bytes)"],
      ["latin1.txt", "not valid UTF-8 (save the file as UTF-8)"],
      ["locked.md", "unreadable (EACCES)"],
      ["title-only.md", "no article text after the title and byline"],
    ]);
  });

  it("skips a second document with an id already taken", () => {
    const corpus = buildCorpus([
      textFile("a.md", "---\nid: same\n---\nFirst paragraph of text."),
      textFile("b.md", "---\nid: same\n---\nSecond paragraph of text."),
    ]);
    expect(corpus.documents.map((d) => d.file)).toEqual(["a.md"]);
    expect(corpus.skipped).toEqual([{ file: "b.md", reason: 'duplicate id "same" (the article is a.md)' }]);
  });

  it("keeps the file named after a duplicated id, wherever it sorts, and reports the stray one", () => {
    const corpus = buildCorpus([
      textFile("aaa-stray-copy.md", "---\nid: forge\n---\nA stray paragraph of text."),
      textFile("news/forge.md", "---\nid: forge\n---\nThe real article's paragraph."),
      textFile("zzz.md", "---\nid: forge\n---\nAnother stray paragraph."),
    ]);
    expect(corpus.documents.map((d) => d.file)).toEqual(["news/forge.md"]);
    expect(corpus.passages.map((p) => p.text)).toEqual(["The real article's paragraph."]);
    expect(corpus.skipped).toEqual([
      { file: "aaa-stray-copy.md", reason: 'duplicate id "forge" (the article is news/forge.md)' },
      { file: "zzz.md", reason: 'duplicate id "forge" (the article is news/forge.md)' },
    ]);
  });

  it("builds an empty corpus from no files", () => {
    expect(buildCorpus([])).toEqual({ documents: [], passages: [], skipped: [] });
  });
});
