import { describe, expect, it, vi } from "vitest";
import { drain } from "../../src/core/centrality/centrality.js";
import { chunkedJsonLines, parseChunkedJson } from "../../src/core/chunked-json.js";
import { KnowledgeBase, SAVED_HEAD_CHARS } from "../../src/core/knowledge-base.js";
import { DEFAULT_INDEX_OPTIONS } from "../../src/core/search/passage-index.js";
import { bundledFiles, textFile } from "../helpers/corpus.js";

const readChunked = (text: string) => drain(parseChunkedJson(text));
const writeChunked = (value: unknown) => [...chunkedJsonLines(value, [])].join("");

describe("KnowledgeBase.examples", () => {
  const kb = KnowledgeBase.fromFiles(bundledFiles());

  it("makes examples that are whole questions from the corpus's sentences, each answered with confidence", () => {
    const examples = kb.examples(3);
    expect(examples).toHaveLength(3);
    const headings = new Set(kb.corpus.documents.flatMap((d) => d.sections));
    for (const e of examples) {
      expect(e).toMatch(/^(?:Who|What|How many) .+\?$/);
      expect(headings.has(e)).toBe(false);
      expect(kb.answer(e).confident, e).toBe(true);
    }
    expect(examples).toContain("Who is Andrei Kozyrev?");
  });

  it("works them out once per corpus: help is answered on every /nkru, so it must not re-run searches", () => {
    expect(kb.examples(3)).toBe(kb.examples(3));
  });

  it("gives fewer examples from the same list, without searching again", () => {
    const fresh = KnowledgeBase.fromFiles(bundledFiles());
    const three = fresh.examples(3);
    const answer = vi.spyOn(fresh, "answer");
    expect(fresh.examples(2)).toEqual(three.slice(0, 2));
    expect(answer).not.toHaveBeenCalled();
  });
});

describe("KnowledgeBase save and restore", () => {
  const files = [
    ...bundledFiles(),
    textFile("broken.md", "---\ntitle: [unclosed\n---\nText."),
    textFile(
      "extra.md",
      "Extra Article\n\nZvezdina questioned the tanker inspection regime.\n\n- A bullet about Kozyrev.",
    ),
  ];
  const unreadable = [{ file: "locked.md", reason: "unreadable (EACCES)" }];
  const built = KnowledgeBase.fromFiles(files, unreadable);
  const saved = built.serialize();

  it("restores the same corpus and index from its saved form, answering alike", () => {
    const restored = KnowledgeBase.fromFiles(files, unreadable, { saved });
    expect(restored.indexOrigin).toBe("loaded");
    const plain = (kb: KnowledgeBase) => ({
      documents: kb.corpus.documents,
      skipped: kb.corpus.skipped,
      passages: kb.corpus.passages.map((p) => ({
        id: p.id,
        docId: p.docId,
        ordinal: p.ordinal,
        section: p.section,
        kind: p.kind,
        label: p.label,
        text: p.text,
        sentences: p.sentences,
      })),
    });
    expect(plain(restored)).toEqual(plain(built));
    for (const q of ["Who questioned the tanker inspections?", "artillery shells", "Kozirev"]) {
      expect(restored.answer(q)).toEqual(built.answer(q));
    }
  });

  it("restores alike in slices from the saved file's bytes, and tells a current save from its head alone", async () => {
    let pauses = 0;
    const bytes = new TextEncoder().encode(saved);
    const sliced = await KnowledgeBase.load(files, unreadable, bytes, {}, async () => {
      pauses++;
    });
    expect(sliced?.indexOrigin).toBe("loaded");
    expect(pauses).toBeGreaterThan(5);
    for (const q of ["Who questioned the tanker inspections?", "Kozirev"]) {
      expect(sliced?.answer(q)).toEqual(built.answer(q));
    }
    expect(KnowledgeBase.savedFor(saved.slice(0, SAVED_HEAD_CHARS), files)).toBe(true);
    expect(KnowledgeBase.savedFor(saved.slice(0, SAVED_HEAD_CHARS), files.slice(1))).toBe(false);
  });

  it("reports this run's unreadable files, not the ones of the run that saved", () => {
    const now = [{ file: "other.md", reason: "too large (6000000 bytes; at most 5242880)" }];
    const restored = KnowledgeBase.fromFiles(files, now, { saved });
    expect(restored.indexOrigin).toBe("loaded");
    expect(restored.corpus.skipped.map((s) => s.file)).toEqual(["broken.md", "other.md"]);
  });

  it("parses again when any file's bytes change, even with the same name and size", () => {
    const edited = files.map((f) =>
      f.name === "extra.md"
        ? textFile("extra.md", new TextDecoder().decode(f.bytes).replace("Zvezdina", "Orlovska"))
        : f,
    );
    const restored = KnowledgeBase.fromFiles(edited, unreadable, { saved });
    expect(restored.indexOrigin).toBe("rebuilt-stale");
    expect(restored.answer("Who questioned the tanker inspections?").answers[0]?.excerpt).toContain("Orlovska");
  });

  it("rebuilds the index, but keeps the parsed corpus, when only the index settings change", () => {
    const restored = KnowledgeBase.fromFiles(files, unreadable, {
      saved,
      index: { ...DEFAULT_INDEX_OPTIONS, fuzzyCorrections: 2 },
    });
    expect(restored.indexOrigin).toBe("rebuilt-stale");
    expect(restored.corpus.passages.length).toBe(built.corpus.passages.length);
  });

  it("calls the save stale, so it is written again, when only its corpus part is out of date", () => {
    const data = readChunked(saved) as { corpus: { key: string } };
    data.corpus.key = "from-an-older-parser";
    const kb = KnowledgeBase.fromFiles(files, unreadable, { saved: writeChunked(data) });
    expect(kb.indexOrigin).toBe("rebuilt-stale");
    expect(KnowledgeBase.fromFiles(files, unreadable, { saved: kb.serialize() }).indexOrigin).toBe("loaded");
  });

  it("ignores a damaged save and builds afresh", () => {
    const cut = saved.slice(0, saved.length / 2);
    for (const damaged of ["", "{", "null", '{"format":"nkru-kb/1"}', saved.replace('"nkru-corpus/2"', '"x"'), cut]) {
      const kb = KnowledgeBase.fromFiles(files, unreadable, { saved: damaged });
      expect(kb.answer("Who questioned the tanker inspections?").answers[0]?.excerpt).toContain("Zvezdina");
    }
    const damaged = readChunked(saved) as { corpus: { documents: { passageCount: number }[] } };
    (damaged.corpus.documents[0] as { passageCount: number }).passageCount = 0;
    const kb = KnowledgeBase.fromFiles(files, unreadable, { saved: writeChunked(damaged) });
    expect(kb.corpus.passages.map((p) => p.text)).toEqual(built.corpus.passages.map((p) => p.text));
  });
});

describe("KnowledgeBase saved takeaways", () => {
  const files = bundledFiles();
  const built = KnowledgeBase.fromFiles(files);

  it("has none to save until they are worked out, then saves them for a restart to reuse", () => {
    const kb = KnowledgeBase.fromFiles(files);
    expect(kb.serializeTakeaways()).toBeNull();
    const takeaways = kb.takeaways();
    const restored = KnowledgeBase.fromFiles(files, [], { savedTakeaways: kb.serializeTakeaways() });
    expect(restored.takeawaysLoaded).toBe(true);
    expect(restored.takeaways()).toEqual(takeaways);
  });

  it("works them out again for another corpus, or from a damaged save", () => {
    built.takeaways();
    const saved = built.serializeTakeaways() as string;
    const other = [
      ...files,
      textFile("extra.md", "Extra Article\n\nZvezdina questioned the tanker inspection regime."),
    ];
    for (const [f, s] of [
      [other, saved],
      [files, "{"],
      [files, saved.replace(/"key":"[0-9a-f]+"/, '"key":"0"')],
    ] as const) {
      const kb = KnowledgeBase.fromFiles(f, [], { savedTakeaways: s });
      expect(kb.takeawaysLoaded).toBe(false);
      expect(kb.takeaways().length).toBeGreaterThan(0);
    }
  });
});
