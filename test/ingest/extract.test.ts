import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodePage } from "../../src/ingest/decode-page.js";
import { extractHtml } from "../../src/ingest/extract-html.js";
import { extractPdf } from "../../src/ingest/extract-pdf.js";
import { extractText } from "../../src/ingest/extract-text.js";
import { makePdf, windows1251 } from "../helpers/pdf.js";

const page = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), "utf8");
const text = (r: ReturnType<typeof extractHtml>) => (r.ok ? r.value.blocks.map((b) => b.text).join("\n") : "");

describe("extractHtml on pages shaped like news sites", () => {
  it("reads title, authors, outlet, date, canonical URL and language from JSON-LD, Open Graph and the page", () => {
    const r = extractHtml(page("wire-story.html"), "https://wire.example/2025/03/rail-link-rason-freight?utm_source=x");
    expect(r.ok && r.value).toMatchObject({
      title: "Rail link to Rason reopens for freight",
      authors: ["Jane Roe", "Kim Min-jun"],
      outlet: "Northeast Asia Wire",
      date: "2025-03-14",
      url: "https://wire.example/2025/03/rail-link-rason-freight",
      language: "en",
    });
  });

  it("keeps the article's text, headings and list, and drops the cookie banner, navigation, scripts and footer", () => {
    const r = extractHtml(page("wire-story.html"), "https://wire.example/x");
    if (!r.ok) throw new Error(r.message);
    const blocks = r.value.blocks;
    expect(blocks).toContainEqual({ kind: "heading", text: "Sanctions questions" });
    expect(blocks).toContainEqual({ kind: "item", text: "Three trains a week are planned by the summer." });
    expect(blocks.find((b) => b.kind === "paragraph")?.text).toMatch(/^The Khasan–Rajin rail link/);
    const all = text(r);
    for (const furniture of ["cookies", "Most read", "All rights reserved", "tracking", "Business"])
      expect(all).not.toContain(furniture);
  });

  it("reads a byline with two authors and an outlet, and a <time> dateline, from a page without metadata", () => {
    const r = extractHtml(page("dateline-byline.html"), "https://news.example/kim-vostochny");
    expect(r.ok && r.value).toMatchObject({
      title: "Kim visits Vostochny cosmodrome",
      authors: ["Jane Roe", "Kim Min-jun"],
      date: "2023-09-13",
    });
  });

  it("takes meta author and article:published_time when there is no JSON-LD", () => {
    const r = extractHtml(page("syndicated-copy.html"), "https://harbour.example/rail");
    expect(r.ok && r.value).toMatchObject({
      outlet: "The Harbour Daily",
      date: "2025-03-14",
      authors: ["Northeast Asia Wire staff"],
    });
  });

  it.each([
    ["paywall.html", /login or subscription page/],
    ["home.html", /home page or a list of links/],
    ["video.html", /video page/],
  ])("says in words why %s is not an article", (name, why) => {
    const r = extractHtml(page(name), "https://news.example/");
    expect(r).toMatchObject({ ok: false, code: "not_article", message: expect.stringMatching(why) });
  });

  it("never keeps a link that is not http(s) as the canonical address", () => {
    const html = page("wire-story.html").replace(
      'href="/2025/03/rail-link-rason-freight"',
      'href="javascript:alert(1)"',
    );
    const r = extractHtml(html, "https://wire.example/a");
    expect(r.ok && r.value.url).toBe("https://wire.example/a");
  });
});

describe("decodePage", () => {
  const russian = "Россия и КНДР подписали договор";
  it("decodes windows-1251 declared by the server or by the page, and UTF-8 by default", () => {
    const bytes = windows1251(`<html><head><meta charset="windows-1251"></head><body>${russian}</body></html>`);
    expect(decodePage(bytes, "windows-1251")).toContain(russian);
    expect(decodePage(bytes, null)).toContain(russian);
    expect(decodePage(Buffer.from(russian), null)).toBe(russian);
  });

  it("falls back to UTF-8 for a charset it does not know", () => {
    expect(decodePage(Buffer.from("Pyongyang"), "x-unknown-charset")).toBe("Pyongyang");
  });
});

describe("extractPdf and extractText", () => {
  const lines = [
    "Grain and fuel across the Tumen",
    "",
    "Russia shipped more than one million barrels of refined oil products to North Korea between",
    "March and November, according to satellite imagery of tankers calling at Vostochny port.",
    "",
    "The shipments exceed the annual cap of 500,000 barrels set by the United Nations Security",
    "Council, which Russia voted for in 2017 and now says no longer reflects the situation.",
    "",
    "Analysts said the oil was payment for artillery shells and missiles sent the other way.",
  ];

  it("reads a PDF's text and its Title and Author fields", async () => {
    const r = await extractPdf(makePdf(lines, { title: "Oil for shells", author: "Jane Roe" }), "report.pdf");
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toMatchObject({ title: "Oil for shells", authors: ["Jane Roe"], date: "2025-01-05" });
    expect(r.value.blocks.map((b) => b.text).join(" ")).toContain(
      "more than one million barrels of refined oil products",
    );
  });

  it("refuses a file that is not a PDF with a reason", async () => {
    expect(await extractPdf(Buffer.from("not a pdf at all"), "x.pdf")).toMatchObject({ ok: false, code: "unreadable" });
  });

  it("reads a text file with the corpus parser: headline, byline, dateline", () => {
    const r = extractText(
      `Grain and fuel across the Tumen\n\nBy Jane Roe\n\nMarch 3, 2025\n\n${lines.slice(2).join("\n")}\n`,
      "notes.txt",
    );
    expect(r.ok && r.value).toMatchObject({
      title: "Grain and fuel across the Tumen",
      authors: ["Jane Roe"],
      date: "2025-03-03",
    });
  });

  it("says a stub is too short to be an article", () => {
    expect(extractText("Title\n\nOne line.", "a.txt")).toMatchObject({ ok: false, code: "not_article" });
  });
});
