import { describe, expect, it } from "vitest";
import { buildCorpus } from "../../../src/core/corpus/build-corpus.js";
import { restoreCorpus, saveCorpus, sourceKey } from "../../../src/core/corpus/saved-corpus.js";
import { textFile } from "../../helpers/corpus.js";

const files = [
  textFile("a.md", "Alpha Report\n\nKozyrev criticised the arms deal.\n\nA second paragraph on grain."),
  textFile("b.md", "Beta Report\n\nLukyanov questioned the sanctions."),
];
const key = sourceKey(files);
const built = buildCorpus(files);
const saved = JSON.parse(JSON.stringify(saveCorpus(built, key, new Set(files.map((f) => f.name))))) as unknown;

describe("saved corpus", () => {
  it("restores documents and passages without the passages' text in the save", () => {
    expect(JSON.stringify(saved)).not.toContain("criticised");
    const restored = restoreCorpus(saved, key, files, []);
    expect(restored?.corpus.documents).toEqual(built.documents);
    expect(restored?.corpus.passages.map((p) => [p.id, p.docId, p.ordinal, p.section, p.kind, p.text])).toEqual(
      built.passages.map((p) => [p.id, p.docId, p.ordinal, p.section, p.kind, p.text]),
    );
  });

  it("parses a document when one of its passages is first read, and the warm-up parses the rest", () => {
    // Copies of the bytes, changed in place after restoring: a document parsed later shows the change.
    const copies = files.map((f) => textFile(f.name, new TextDecoder().decode(f.bytes)));
    const restored = restoreCorpus(saved, sourceKey(copies), copies, []);
    const [a, b] = [restored?.corpus.passages[0], restored?.corpus.passages[2]];
    expect(a?.text).toBe("Kozyrev criticised the arms deal.");
    const bBytes = copies[1]?.bytes as Uint8Array;
    bBytes.set(new TextEncoder().encode("Bravo"), bBytes.indexOf(0x4c)); // "Lukyanov" becomes "Bravonov"
    const steps = [...(restored?.parseSteps() ?? [])];
    expect(steps).toHaveLength(2);
    expect(a?.text).toBe("Kozyrev criticised the arms deal."); // parsed before the change
    expect(b?.text).toBe("Bravonov questioned the sanctions."); // parsed after it
  });

  it("is refused for other files, and reports this run's unreadable files", () => {
    expect(restoreCorpus(saved, sourceKey(files.slice(1)), files.slice(1), [])).toBeNull();
    const restored = restoreCorpus(saved, key, files, [{ file: "c.md", reason: "unreadable (EACCES)" }]);
    expect(restored?.corpus.skipped).toEqual([{ file: "c.md", reason: "unreadable (EACCES)" }]);
  });
});
