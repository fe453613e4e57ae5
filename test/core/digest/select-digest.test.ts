import { describe, expect, it } from "vitest";
import { dayNumber, selectDigest } from "../../../src/core/digest/select-digest.js";
import { KnowledgeBase } from "../../../src/core/knowledge-base.js";
import { bundledFiles, bundledKnowledgeBase, textFile } from "../../helpers/corpus.js";

const kb = bundledKnowledgeBase();
const dates = ["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"];
const key = (d: ReturnType<KnowledgeBase["digest"]>) => d.takeaways.map((t) => t.text).join("|");

describe("selectDigest", () => {
  it("has a headline with the date and corpus size, and 5 to 7 takeaways ordered by importance", () => {
    const d = kb.digest("2026-11-22");
    expect(d.headline).toBe("Key takeaways for Sunday, 22 November 2026 · 3 documents, 42 passages");
    expect(d.takeaways.length).toBeGreaterThanOrEqual(5);
    expect(d.takeaways.length).toBeLessThanOrEqual(7);
    const importance = d.takeaways.map((t) => t.importance);
    expect([...importance].sort((a, b) => b - a)).toEqual(importance);
  });

  it("gives the same digest for the same date", () => {
    expect(kb.digest("2026-11-24")).toEqual(kb.digest("2026-11-24"));
    expect(KnowledgeBase.fromFiles(bundledFiles()).digest("2026-11-24")).toEqual(kb.digest("2026-11-24"));
  });

  it("differs on seven consecutive dates over an unchanged corpus, which together cover every document", () => {
    const week = dates.map((d) => kb.digest(d));
    for (let i = 1; i < week.length; i++) expect(key(week[i] as never)).not.toBe(key(week[i - 1] as never));
    const covered = new Set(week.flatMap((d) => d.takeaways.map((t) => t.source.id)));
    expect([...covered].sort()).toEqual(kb.corpus.documents.map((d) => d.id).sort());
    // Every takeaway shows within the week.
    const shown = new Set(week.flatMap((d) => d.takeaways.map((t) => t.text)));
    expect(shown.size).toBe(kb.takeaways().length);
  });

  it("leads with a new document under 'new since the last digest'", () => {
    const grown = KnowledgeBase.fromFiles([
      ...bundledFiles(),
      textFile(
        "rail-link.md",
        "---\nid: rail-link\ntitle: Rail Link Reopens\n---\nPyongyang and Moscow reopened the Tumen River rail bridge to freight traffic in November, officials said.\n\nThe bridge will carry coal, timber and fertiliser each week.",
      ),
    ]);
    const d = grown.digest("2026-11-29", ["rail-link"]);
    expect(d.new.length).toBeGreaterThan(0);
    expect(d.new.every((t) => t.source.id === "rail-link")).toBe(true);
    expect(d.takeaways.some((t) => t.source.id === "rail-link")).toBe(false);
    expect(d.new.length + d.takeaways.length).toBeLessThanOrEqual(7);
  });

  it("refuses a date that does not exist", () => {
    expect(() => dayNumber("2026-02-30")).toThrow(/not a date/);
    expect(() =>
      selectDigest({ date: "22/11/2026", takeaways: [], corpusSize: { documents: 0, passages: 0 } }),
    ).toThrow();
  });
});
