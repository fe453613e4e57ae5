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
    expect(d.new).toHaveLength(1);
    expect(d.new[0]?.document).toMatchObject({ id: "rail-link", title: "Rail Link Reopens" });
    expect(d.new[0]?.takeaway?.source.id).toBe("rail-link");
    expect(d.takeaways.some((t) => t.source.id === "rail-link")).toBe(false);
    expect(d.new.length + d.takeaways.length).toBeLessThanOrEqual(7);
  });

  it("groups new articles on one story from several outlets into one entry, led by the first published", () => {
    const wire = [
      "The Khasan–Rajin rail link between Russia's Far East and the North Korean port of Rason reopened for regular freight traffic this week, railway officials in Vladivostok said on Friday.",
      '"The bridge is open because the politics are open," a diplomat in Seoul said of the reopening, which Moscow calls lawful transit trade.',
    ];
    const doc = (id: string, title: string, outlet: string, date: string, paragraphs: string[]) =>
      textFile(
        `${id}.md`,
        `---\nid: ${id}\ntitle: ${title}\noutlet: ${outlet}\ndate: ${date}\nurl: https://${id}.example/a\n---\n${paragraphs.join("\n\n")}\n`,
      );
    const grown = KnowledgeBase.fromFiles([
      ...bundledFiles(),
      doc("analysis", "What the Rason trains say", "Peninsula Review", "2025-03-15", [
        wire[1] as string,
        "For Pyongyang the link is a second route to the outside world beside the long border with China, and a bargaining chip.",
      ]),
      doc("wire", "Rail link to Rason reopens", "Northeast Asia Wire", "2025-03-14", wire),
      doc("cosmodrome", "Kim visits the Vostochny cosmodrome", "Harbour Daily", "2025-03-16", [
        "Kim Jong Un toured the Vostochny cosmodrome in Russia's Amur region and held talks with Vladimir Putin that lasted more than four hours.",
      ]),
    ]);
    const d = grown.digest("2026-11-29", ["analysis", "wire", "cosmodrome"]);
    expect(d.new.map((n) => n.document.id)).toEqual(["cosmodrome", "wire"]);
    expect(d.new[1]?.alsoReportedBy).toEqual([{ outlet: "Peninsula Review", url: "https://analysis.example/a" }]);
    expect(d.moreNew).toBe(0);
  });

  it("refuses a date that does not exist", () => {
    expect(() => dayNumber("2026-02-30")).toThrow(/not a date/);
    expect(() =>
      selectDigest({ date: "22/11/2026", takeaways: [], corpusSize: { documents: 0, passages: 0 } }),
    ).toThrow();
  });
});
