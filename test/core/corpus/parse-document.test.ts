import { describe, expect, it } from "vitest";
import { type ParsedDocument, parseDocument } from "../../../src/core/corpus/parse-document.js";
import { bundledFiles } from "../../helpers/corpus.js";

function parseBundled(name: string): ParsedDocument {
  const file = bundledFiles().find((f) => f.name === name);
  if (!file) throw new Error(`no bundled file ${name}`);
  const r = parseDocument(name, new TextDecoder().decode(file.bytes));
  if (!r.ok) throw new Error(r.reason);
  return r.document;
}

function parseText(text: string, file = "note.md"): ParsedDocument {
  const r = parseDocument(file, text);
  if (!r.ok) throw new Error(r.reason);
  return r.document;
}

describe("parseDocument on the bundled corpus", () => {
  it("forge-alliance: metadata, furniture removed, call-out and the Key Takeaways list", () => {
    const doc = parseBundled("forge-alliance.md");
    expect(doc.meta).toMatchObject({
      id: "forge-alliance",
      title: "Putin and Kim Jong Un Forge Dangerous Alliance Amid Growing Military Ties",
      author: "Dil Bar Irshad",
      outlet: null,
    });
    const texts = doc.passages.filter((p) => p.kind !== "meta").map((p) => p.text);
    // The headline (three times in the page), the byline and "New Update" are not passages of the text;
    // the byline comes back once, as the document's last passage, so questions about the article find it.
    expect(texts.some((t) => t.startsWith("Putin and Kim Jong Un Forge"))).toBe(false);
    expect(doc.passages.at(-1)?.kind).toBe("meta");
    expect(doc.passages.at(-1)?.text).toMatch(
      /^Putin and Kim Jong Un Forge Dangerous Alliance Amid Growing Military Ties, by Dil Bar Irshad \(undated; written after/,
    );
    expect(texts).not.toContain("New Update");
    expect(texts).not.toContain("Dil Bar Irshad");
    expect(doc.sections).toEqual(["Key Takeaways"]);

    const takeaways = doc.passages.filter((p) => p.kind === "takeaway").map((p) => p.text);
    expect(takeaways).toEqual([
      "North Korea and Russia have developed a close military partnership.",
      "North Korea has supplied Russia with weapons for the war in Ukraine.",
      "Russia has protected North Korea from UN sanctions and accountability.",
      "The growing Russia-North Korea alliance poses a threat to global security.",
      "The U.S. urges Russia and China to stop shielding North Korea's weapons programs.",
    ]);
    const callout = doc.passages.find((p) => p.kind === "callout");
    expect(callout?.label).toBe("Why this matters");
    expect(callout?.text.startsWith("Why this matters: The growing partnership")).toBe(true);
    expect(doc.passages.map((p) => p.ordinal)).toEqual(doc.passages.map((_, i) => i + 1));
  });

  it("fortify-alliance: byline from 'by …', outlet from the rights line, sections", () => {
    const doc = parseBundled("fortify-alliance.md");
    expect(doc.meta).toMatchObject({
      id: "fortify-alliance",
      author: "Brandon Mitchell",
      outlet: "Associated Medias",
    });
    expect(doc.sections).toEqual([
      "Mutually Beneficial Alliance",
      "Shifting Alliances and New Realities",
      "What North Korea Stands to Gain",
      "Long-term Outlook",
    ]);
    const texts = doc.passages.map((p) => p.text);
    expect(texts.some((t) => /all rights reserved/i.test(t))).toBe(false);
    expect(texts.some((t) => /^by Brandon/i.test(t))).toBe(false);
    const shoigu = doc.passages.find((p) => p.text.includes("Shoigu made a historic visit"));
    expect(shoigu?.section).toBe("Mutually Beneficial Alliance");
  });

  it("dangerous-partnership: headings without blank lines and 'Label: text' lists", () => {
    const doc = parseBundled("dangerous-partnership.md");
    expect(doc.meta.author).toBeNull();
    expect(doc.sections).toEqual([
      "A Shift from Transactional to Strategic Alliance",
      "Key Drivers of the North Korea-Russia Partnership",
      "Rising Threats to Global Security",
      "China’s Growing Concern",
      "Recommended Actions to Address the Threat",
      "Conclusion",
    ]);
    const drivers = doc.passages.filter((p) => p.section === "Key Drivers of the North Korea-Russia Partnership");
    expect(drivers.map((p) => [p.kind, p.label])).toEqual([
      ["paragraph", null],
      ["item", "North Korea’s Desire for Aid"],
      ["item", "Russia’s Need for Munitions"],
      ["item", "North Korea’s Long-Term Strategic Goals"],
      ["item", "Nuclear and Missile Development"],
    ]);
    // "Initially, …" follows its heading on the next line and is still its own passage.
    expect(doc.passages.find((p) => p.text.startsWith("Initially,"))?.section).toBe(
      "A Shift from Transactional to Strategic Alliance",
    );
  });
});

describe("parseDocument on other shapes of text", () => {
  it("reads a title, byline, Markdown headings and bullets without front matter", () => {
    const doc = parseText(
      [
        "# Pyongyang Hosts Russian Delegation",
        "",
        "By Jane Roe",
        "",
        "A Russian delegation arrived in Pyongyang on Monday for talks on energy and rail links between the two countries, officials said.",
        "",
        "## What Was Agreed",
        "",
        "- A new rail link.",
        "- Energy supplies.",
        "1. A numbered point.",
        "",
        "© 2024 Example News",
      ].join("\n"),
      "delegation.md",
    );
    expect(doc.meta).toMatchObject({
      id: "delegation",
      title: "Pyongyang Hosts Russian Delegation",
      author: "Jane Roe",
    });
    expect(doc.sections).toEqual(["What Was Agreed"]);
    expect(doc.passages.map((p) => [p.kind, p.text])).toEqual([
      ["paragraph", expect.stringMatching(/^A Russian delegation/)],
      ["item", "A new rail link."],
      ["item", "Energy supplies."],
      ["item", "A numbered point."],
      ["meta", "Pyongyang Hosts Russian Delegation, by Jane Roe."],
    ]);
  });

  it("joins hard-wrapped lines into one paragraph", () => {
    const doc = parseText(
      "Title Line\n\nThe delegation arrived in Pyongyang\non Monday for talks on energy and\nrail links.\n",
    );
    expect(doc.passages.map((p) => p.text)).toEqual([
      "The delegation arrived in Pyongyang on Monday for talks on energy and rail links.",
    ]);
  });

  it("keeps a repeated paragraph once", () => {
    const para =
      "Russia and North Korea signed a treaty on mutual defence in June, the state media reported on Thursday.";
    const doc = parseText(`Treaty Signed\n\n${para}\n\n${para}\n`);
    expect(doc.passages).toHaveLength(1);
  });

  it("marks items under a 'Key Takeaways' heading as takeaways", () => {
    const doc = parseText(
      "Some Title\n\nA first paragraph that is long enough to count as body text here.\n\nKey Takeaways\n\n• One.\n• Two.\n",
    );
    expect(doc.passages.filter((p) => p.kind === "takeaway").map((p) => p.text)).toEqual(["One.", "Two."]);
  });

  it("uses front-matter metadata over what the text suggests", () => {
    const doc = parseText(
      "---\nid: my-doc\ntitle: Curated Title\nauthor: A. Writer\nperiod: 2024\n---\nBody text here.\n",
    );
    expect(doc.meta).toEqual({
      id: "my-doc",
      title: "Curated Title",
      author: "A. Writer",
      authors: ["A. Writer"],
      outlet: null,
      period: "2024",
      date: null,
      url: null,
      added: null,
      alsoReportedBy: [],
    });
  });

  it("reads what ingestion writes: date, url, authors, who added it and other outlets", () => {
    const doc = parseText(
      [
        "---",
        "id: wire-story",
        "title: A Story",
        "authors: [Jane Roe, Kim Min-jun]",
        "outlet: Reuters",
        "date: 2025-01-05",
        "url: https://example.com/story",
        "added_by: U123",
        "added_at: 2025-01-06T10:00:00.000Z",
        "feed: https://example.com/feed.xml",
        "also_reported_by:",
        "  - { outlet: The Daily, url: https://daily.example/copy }",
        "  - { outlet: Forged, url: 'javascript:alert(1)' }",
        "---",
        "Body text here.",
      ].join("\n"),
    );
    expect(doc.meta).toMatchObject({
      author: "Jane Roe and Kim Min-jun",
      authors: ["Jane Roe", "Kim Min-jun"],
      date: "2025-01-05",
      url: "https://example.com/story",
      added: { by: "U123", at: "2025-01-06T10:00:00.000Z", feed: "https://example.com/feed.xml" },
      alsoReportedBy: [{ outlet: "The Daily", url: "https://daily.example/copy" }],
    });
  });

  it("refuses a front-matter url that is not http(s) and a date that is not a date", () => {
    expect(parseDocument("a.md", "---\nurl: javascript:alert(1)\n---\nBody.")).toEqual({
      ok: false,
      reason: 'broken front matter: url "javascript:alert(1)" is not an http or https address',
    });
    expect(parseDocument("a.md", "---\ndate: someday\n---\nBody.")).toEqual({
      ok: false,
      reason: 'broken front matter: date "someday" is not a date (YYYY-MM-DD)',
    });
  });

  it("reads a dateline under the headline as the date, not as a section heading", () => {
    for (const line of [
      "January 5, 2025",
      "Published: Monday, 5 January 2025 10:32 KST",
      "Jan. 5, 2025",
      "2025-01-05",
    ]) {
      const doc = parseText(`The Headline Here\n\n${line}\n\nThe first paragraph of the story runs on for a while.\n`);
      expect(doc.meta.date, line).toBe("2025-01-05");
      expect(doc.sections, line).toEqual([]);
      expect(doc.passages.map((p) => p.text)).not.toContain(line);
    }
  });

  it("reads two authors and an outlet from a bare byline", () => {
    const doc = parseText(
      "The Headline Here\n\nJane Roe and Kim Min-jun, Reuters\n\nThe first paragraph of the story runs on for a while.\n",
    );
    expect(doc.meta).toMatchObject({
      authors: ["Jane Roe", "Kim Min-jun"],
      author: "Jane Roe and Kim Min-jun",
      outlet: "Reuters",
    });
    const by = parseText(
      "The Headline Here\n\nBy Jane Roe, Yonhap News Agency\n\nThe first paragraph of the story runs on.\n",
    );
    expect(by.meta).toMatchObject({ authors: ["Jane Roe"], outlet: "Yonhap News Agency" });
  });

  it("refuses broken front matter with the reason", () => {
    expect(parseDocument("a.md", "---\ntitle: [unclosed\n---\nBody.")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^broken front matter: /),
    });
    expect(parseDocument("b.md", "---\ntitle: x\nBody without a closing line.")).toEqual({
      ok: false,
      reason: "broken front matter: opened with --- but never closed",
    });
    expect(parseDocument("c.md", "---\n- a\n- b\n---\nBody.")).toEqual({
      ok: false,
      reason: "broken front matter: expected key: value lines",
    });
    expect(parseDocument("d.md", "---\nid: Not An Id!\n---\nBody.")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/id/),
    });
  });
});
