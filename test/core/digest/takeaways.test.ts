import { describe, expect, it } from "vitest";
import { quotesBalanced, readableUnits, selfContained } from "../../../src/core/digest/takeaways.js";
import { KnowledgeBase } from "../../../src/core/knowledge-base.js";
import { bundledKnowledgeBase, textFile } from "../../helpers/corpus.js";

const kb = bundledKnowledgeBase();
const takeaways = kb.takeaways();
const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

describe("takeaways on the bundled corpus", () => {
  it("finds the explicit Key Takeaways list verbatim, first, for its document", () => {
    const forge = takeaways.filter((t) => t.source.id === "forge-alliance");
    expect(forge.filter((t) => t.explicit).map((t) => t.text)).toEqual([
      "North Korea and Russia have developed a close military partnership.",
      "North Korea has supplied Russia with weapons for the war in Ukraine.",
      "Russia has protected North Korea from UN sanctions and accountability.",
      "The growing Russia-North Korea alliance poses a threat to global security.",
      "The U.S. urges Russia and China to stop shielding North Korea's weapons programs.",
    ]);
    expect(forge.every((t) => t.source.section === "Key Takeaways")).toBe(true);
  });

  it("gives the other documents up to five self-contained, cited sentences", () => {
    for (const id of ["dangerous-partnership", "fortify-alliance"]) {
      const mine = takeaways.filter((t) => t.source.id === id);
      expect(mine.length).toBeGreaterThanOrEqual(3);
      expect(mine.length).toBeLessThanOrEqual(5);
      for (const t of mine) {
        expect(t.explicit).toBe(false);
        expect(selfContained(t.text)).toBe(true);
        expect(t.text).not.toMatch(/^(This|That|They|It|However|But|Also|He|She)\b/);
        expect(t.text).not.toMatch(/:$/);
        // The citation points at the passage the sentence comes from.
        expect(kb.passage(t.source.id, t.source.passage)?.text).toContain(t.text);
      }
    }
  });

  it("never has two takeaways that say the same thing", () => {
    for (let i = 0; i < takeaways.length; i++) {
      for (let j = i + 1; j < takeaways.length; j++) {
        const a = words(takeaways[i]?.text ?? "");
        const b = words(takeaways[j]?.text ?? "");
        const shared = [...a].filter((w) => b.has(w)).length;
        expect(shared / Math.min(a.size, b.size), `${takeaways[i]?.text} ~ ${takeaways[j]?.text}`).toBeLessThan(0.8);
      }
    }
  });
});

describe("takeaways elsewhere", () => {
  it("drops a repeat of another document's takeaway", () => {
    const body = (extra: string) =>
      `Pyongyang opened a new rail link to Vladivostok for freight in March, officials said.\n\n${extra}\n\nThe rail link will carry coal, timber and fertiliser between the two countries each week.`;
    const two = KnowledgeBase.fromFiles([
      textFile(
        "a.md",
        `First Report\n\n${body("Trade across the border has tripled since the link opened last spring.")}`,
      ),
      textFile(
        "b.md",
        `Second Report\n\n${body("Moscow hopes the link will ease pressure from sanctions on the region.")}`,
      ),
    ]);
    const texts = two.takeaways().map((t) => t.text);
    expect(texts.filter((t) => t.startsWith("Pyongyang opened a new rail link"))).toHaveLength(1);
  });

  it("recognises sentences that cannot stand alone", () => {
    expect(selfContained("This alliance threatens the region.")).toBe(false);
    expect(selfContained("However, Moscow disagreed.")).toBe(false);
    expect(selfContained("During the visit, Kim showed weapons.")).toBe(false);
    expect(selfContained("The strengthened partnership is driven by four factors:")).toBe(false);
    expect(selfContained("Is Russia desperate?")).toBe(false);
    expect(selfContained("Russia vetoed the renewal of the panel.")).toBe(true);
  });
});

describe("readable takeaways", () => {
  const units = (sentences: string[]) =>
    readableUnits(sentences, 400).map((u) => sentences.slice(u.first, u.last + 1).join(" "));

  it("joins a sentence that leans on the one before instead of dropping it", () => {
    const got = units([
      "Pyongyang shipped four million shells to Russia last year.",
      "However, the shells were of poor quality and many failed to fire.",
    ]);
    expect(got).toContain(
      "Pyongyang shipped four million shells to Russia last year. However, the shells were of poor quality and many failed to fire.",
    );
    expect(got.some((u) => u.startsWith("However"))).toBe(false);
  });

  it("keeps a quotation that spans two sentences whole, and never cuts one", () => {
    const got = units([
      "The coach was calm before the final.",
      '"We are ready.',
      'We have trained for this," said the coach Maria Lopez.',
    ]);
    expect(got).toContain('"We are ready. We have trained for this," said the coach Maria Lopez.');
    for (const u of got) expect(quotesBalanced(u), u).toBe(true);
    expect(quotesBalanced('I am confident and optimistic," said Thanou.')).toBe(false);
    expect(quotesBalanced("“Yes,” she said.")).toBe(true);
  });

  it("attributes a bare quotation by joining the sentence that says who spoke", () => {
    const got = units([
      "\"I'm an athlete and I can't wait to get back on the track.\"",
      "Thanou said she would appeal the ban.",
    ]);
    expect(got).toContain(
      "\"I'm an athlete and I can't wait to get back on the track.\" Thanou said she would appeal the ban.",
    );
    expect(got).not.toContain("\"I'm an athlete and I can't wait to get back on the track.\"");
  });

  it("prefers a statement to a quotation and lists an article's takeaways in its order", () => {
    const article = [
      "Quarry Report",
      "",
      "The town council approved a new quarry north of Elmsford on Tuesday, ending a two-year dispute over the site.",
      "",
      '"The quarry will bring jobs to Elmsford and the council has listened," said the mayor, Ann Hale, after the council vote on the quarry.',
      "",
      "The quarry will employ 120 people and extract limestone for twenty years, the council said after the vote.",
      "",
      "Residents opposed to the quarry say they will take the council vote to court next month.",
    ].join("\n");
    const kb = KnowledgeBase.fromFiles([textFile("quarry.txt", article)]);
    const texts = kb.takeaways().map((t) => t.text);
    expect(texts[0]).toMatch(/^The town council approved/);
    const quoted = texts.findIndex((t) => t.startsWith('"'));
    const statements = texts.filter((t) => !t.startsWith('"'));
    expect(statements.length).toBeGreaterThanOrEqual(2);
    if (quoted >= 0) expect(kb.takeawaysOf("quarry")[0]?.text.startsWith('"')).toBe(false);
    const positions = texts.map((t) => article.indexOf(t));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
