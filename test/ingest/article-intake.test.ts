import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type IntakeWorld, intakeWorld } from "../helpers/intake.js";
import { makePdf, windows1251 } from "../helpers/pdf.js";
import { redirectTo, serve, type WebServer, webServer } from "../helpers/web-server.js";

const page = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url));

import { readFileSync } from "node:fs";

let web: WebServer;
let world: IntakeWorld;

beforeAll(async () => {
  const cyrillic = windows1251(
    `<html><head><meta charset="windows-1251"><title>Договор</title><meta property="og:type" content="article"></head><body><article><h1>Россия и КНДР</h1>${[1, 2, 3, 4].map((n) => `<p>${n}. Россия и КНДР подписали договор о всеобъемлющем стратегическом партнёрстве, который предусматривает военную помощь в случае нападения на одну из сторон.</p>`).join("")}</article></body></html>`,
  );
  web = await webServer({
    "/wire": serve("text/html; charset=utf-8", page("wire-story.html")),
    "/wire-moved": redirectTo("/wire"),
    "/copy": serve("text/html", page("syndicated-copy.html")),
    "/story": serve("text/html", page("same-story.html")),
    "/paywall": serve("text/html", page("paywall.html")),
    "/home": serve("text/html", page("home.html")),
    "/cp1251": serve("text/html; charset=windows-1251", cyrillic),
    "/report.pdf": serve(
      "application/pdf",
      makePdf(
        [
          "Oil for shells",
          "",
          "Russia shipped more than one million barrels of refined oil products to North Korea between",
          "March and November, according to satellite imagery of tankers calling at Vostochny port.",
          "",
          "The shipments exceed the annual cap of 500,000 barrels set by the United Nations Security",
          "Council, which Russia voted for in 2017 and now says no longer reflects the situation.",
          "",
          "Analysts said the oil was payment for artillery shells and missiles sent the other way, and",
          "that the tankers switched off their transponders before entering North Korean waters.",
        ],
        { title: "Oil for shells", author: "Jane Roe" },
      ),
    ),
  });
});
afterAll(async () => {
  await web.close();
});
beforeEach(async () => {
  world = await intakeWorld();
});
afterEach(async () => {
  await world.close();
});

describe("ArticleIntake", () => {
  it("adds a page: saved as Markdown with front matter, answerable at once, cited with its link and date", async () => {
    const r = await world.intake.add({ kind: "url", url: web.url("/wire") }, { by: "U0ANALYST" });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.status).toBe("added");
    const doc = r.value.document;
    expect(doc).toMatchObject({
      id: "rail-link-to-rason-reopens-for-freight",
      title: "Rail link to Rason reopens for freight",
      authors: ["Jane Roe", "Kim Min-jun"],
      outlet: "Northeast Asia Wire",
      date: "2025-03-14",
      url: `${web.url("/2025/03/rail-link-rason-freight")}`,
      file: "added/rail-link-to-rason-reopens-for-freight.md",
      added: { by: "U0ANALYST", feed: null },
    });
    expect(r.value.status === "added" && r.value.takeaway).toBeTruthy();
    const file = await readFile(join(world.articlesDir, "rail-link-to-rason-reopens-for-freight.md"), "utf8");
    expect(file).toMatch(/^---\nid: "?rail-link-to-rason-reopens-for-freight"?\n/);
    expect(file).toContain('date: "2025-03-14"');
    expect(file).toContain("## Sanctions questions");

    const answer = world.knowledge.current?.kb.answer("How many trains a week are planned on the Rason rail link?");
    expect(answer?.confident).toBe(true);
    expect(answer?.answers[0]?.source).toMatchObject({
      id: doc.id,
      outlet: "Northeast Asia Wire",
      date: "2025-03-14",
      url: doc.url,
    });
    const log = world.logs.find((l) => l.kind === "article_add");
    expect(log).toMatchObject({ by: "U0ANALYST", source: web.url("/wire"), outcome: "added", id: doc.id });
  });

  it("recognises the same article by its canonical address, after a redirect, and says where it is", async () => {
    await world.intake.add({ kind: "url", url: web.url("/wire") }, { by: "U1" });
    const again = await world.intake.add(
      { kind: "url", url: `${web.url("/wire-moved")}?utm_source=newsletter` },
      { by: "U2" },
    );
    expect(again.ok && again.value).toMatchObject({
      status: "already",
      by: "url",
      document: { id: "rail-link-to-rason-reopens-for-freight" },
    });
    expect((await readdir(world.articlesDir)).filter((f) => f.endsWith(".md"))).toHaveLength(1);
  });

  it("recognises a syndicated copy by its text and notes the other outlet on the article", async () => {
    await world.intake.add({ kind: "url", url: web.url("/wire") }, { by: "U1" });
    const copy = await world.intake.add({ kind: "url", url: web.url("/copy") }, { by: "U2" });
    expect(copy.ok && copy.value).toMatchObject({ status: "already", by: "text", noted: true });
    const doc = world.knowledge.current?.kb.document("rail-link-to-rason-reopens-for-freight");
    expect(doc?.alsoReportedBy).toEqual([{ outlet: "The Harbour Daily", url: web.url("/copy") }]);
    // A different article on the same story is a new article.
    const story = await world.intake.add({ kind: "url", url: web.url("/story") }, { by: "U3" });
    expect(story.ok && story.value.status).toBe("added");
  });

  it("adds a PDF and a non-UTF-8 page", async () => {
    const pdf = await world.intake.add({ kind: "url", url: web.url("/report.pdf") }, { by: "U1" });
    expect(pdf.ok && pdf.value.document).toMatchObject({ title: "Oil for shells", authors: ["Jane Roe"] });
    const ru = await world.intake.add({ kind: "url", url: web.url("/cp1251") }, { by: "U1" });
    expect(ru.ok && ru.value.document.title).toBe("Договор");
    expect(ru.ok && ru.value.document.id).toMatch(/^article-[0-9a-f]{8}$/);
    expect(world.knowledge.current?.kb.documentText(ru.ok ? ru.value.document.id : "")).toContain(
      "стратегическом партнёрстве",
    );
  });

  it("adds a shared text file", async () => {
    const text = `Grain across the Tumen\n\nBy Jane Roe\n\n${"Russia delivered wheat and flour to North Korea by rail through Khasan, customs data show, in the largest shipments since 2019. ".repeat(5)}\n`;
    const r = await world.intake.add({ kind: "file", name: "grain.txt", bytes: Buffer.from(text) }, { by: "U1" });
    expect(r.ok && r.value.document).toMatchObject({
      title: "Grain across the Tumen",
      authors: ["Jane Roe"],
      url: null,
    });
  });

  it.each([
    ["/paywall", "not_article", /login or subscription/],
    ["/home", "not_article", /home page/],
    ["/missing", "not_found", /HTTP 404/],
  ])("refuses %s in words and leaves the corpus as it was", async (path, code, why) => {
    const before = world.knowledge.current?.kb;
    const r = await world.intake.add({ kind: "url", url: web.url(path) }, { by: "U1" });
    expect(r).toMatchObject({ ok: false, code, message: expect.stringMatching(why) });
    expect(world.knowledge.current?.kb).toBe(before);
    await expect(readdir(world.articlesDir)).rejects.toThrow(/ENOENT/);
  });

  it("refuses an unsupported file type and a private address", async () => {
    expect(
      await world.intake.add({ kind: "file", name: "x.docx", bytes: Buffer.from("x") }, { by: "U1" }),
    ).toMatchObject({
      ok: false,
      code: "unsupported_type",
    });
    expect(await world.intake.add({ kind: "url", url: "http://192.168.0.1/admin" }, { by: "U1" })).toMatchObject({
      ok: false,
      code: "refused_address",
    });
  });

  it("adds one article when two people add the same link at once", async () => {
    const [a, b] = await Promise.all([
      world.intake.add({ kind: "url", url: web.url("/wire") }, { by: "U1" }),
      world.intake.add({ kind: "url", url: web.url("/wire") }, { by: "U2" }),
    ]);
    expect([a.ok && a.value.status, b.ok && b.value.status]).toEqual(["added", "already"]);
  });

  it("keeps an article whose keywords the text mentions, and refuses one off topic", async () => {
    expect(
      await world.intake.add({ kind: "url", url: web.url("/wire") }, { by: "feed", mustMention: ["cricket"] }),
    ).toMatchObject({ ok: false, code: "off_topic" });
    const r = await world.intake.add({ kind: "url", url: web.url("/wire") }, { by: "feed", mustMention: ["Rason"] });
    expect(r.ok && r.value.status).toBe("added");
  });
});
