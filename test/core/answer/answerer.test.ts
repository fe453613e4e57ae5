import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../../src/core/knowledge-base.js";
import { MAX_EXCERPT_CHARS } from "../../../src/core/types.js";
import { bundledKnowledgeBase, textFile } from "../../helpers/corpus.js";

const kb = bundledKnowledgeBase();

interface Question {
  id: string;
  q: string;
  gold?: string[];
  unanswerable?: boolean;
}
const own: Question[] = readFileSync(new URL("../../fixtures/own-questions.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Question);
const fold = (s: string) => s.replace(/[’‘]/g, "'").replace(/\s+/g, " ").toLowerCase();

describe("answer: ranking", () => {
  // The project's own questions on the bundled articles, never used to fit the ranking model:
  // a floor a little under what the model measured when it was fitted (19 of 20 in the top three).
  it("finds a gold phrase in the top three for at least 18 of its own 20 questions, confidently", () => {
    const answerable = own.filter((q) => !q.unanswerable);
    const found = answerable.filter((q) => {
      const result = kb.answer(q.q);
      return (
        result.confident && result.answers.some((a) => (q.gold ?? []).some((g) => fold(a.excerpt).includes(fold(g))))
      );
    });
    expect(answerable).toHaveLength(20);
    expect(found.length).toBeGreaterThanOrEqual(18);
  });

  it("ranks an excerpt holding the asked type above one that only repeats the question", () => {
    const typed = KnowledgeBase.fromFiles([
      textFile(
        "troops.md",
        "Troop Movements\n\nNorth Korea sent troops to Russia to support its forces in Kursk.\n\nAnalysts watched the border closely all year.\n\nSouth Korean intelligence said at least 10,000 North Korean troops were sent in October.\n",
      ),
    ]);
    const result = typed.answer("How many troops did North Korea send to Russia?");
    expect(result.answers[0]?.excerpt).toMatch(/10,000/);
  });

  it("declines a question whose type no excerpt holds", () => {
    const untyped = KnowledgeBase.fromFiles([
      textFile(
        "visit.md",
        "A Visit\n\nThe minister visited Pyongyang to discuss closer military ties with North Korean officials.\n\nThe talks covered shipping, rail links and energy supplies between the two countries.\n",
      ),
    ]);
    const result = untyped.answer("On what date did the minister visit Pyongyang?");
    expect(result.confident).toBe(false);
  });

  it("does not count the figures of a date as the number a 'how many' question asks for", () => {
    const dated = KnowledgeBase.fromFiles([
      textFile(
        "deployment.md",
        "Deployment\n\nSince February 2022 the cooperation has grown. By October 2024, North Korea had sent troops to support Russian forces.\n",
      ),
    ]);
    expect(dated.answer("How many troops did North Korea send to support Russian forces?").confident).toBe(false);
    const counted = KnowledgeBase.fromFiles([
      textFile(
        "deployment.md",
        "Deployment\n\nBy October 2024, North Korea had sent 11,000 troops to support Russian forces.\n",
      ),
    ]);
    expect(
      counted.answer("How many troops did North Korea send to support Russian forces?").answers[0]?.excerpt,
    ).toMatch(/11,000/);
  });

  it("answers 'how much' only with an amount in figures or with a magnitude, not a small count", () => {
    const money = KnowledgeBase.fromFiles([
      textFile(
        "aid.md",
        "Aid\n\nThe two countries signed a pact on aid to the northern provinces.\n\nThe government pledged 480 million euros in aid to the northern provinces.\n",
      ),
    ]);
    expect(
      money.answer("How much aid did the government pledge to the northern provinces?").answers[0]?.excerpt,
    ).toMatch(/480 million euros/);
    const counted = KnowledgeBase.fromFiles([
      textFile(
        "pact.md",
        "Pact\n\nThe two countries signed a pact on aid to the northern provinces, and three ministers attended.\n",
      ),
    ]);
    expect(counted.answer("How much aid was pledged to the northern provinces?").confident).toBe(false);
  });

  it("answers a question about money only with a sum of money, not any large number", () => {
    const shipped = KnowledgeBase.fromFiles([
      textFile(
        "arms.md",
        "Arms\n\nPyongyang has shipped at least 10,000 containers of weapons to Moscow for its war.\n\nMoscow sent Pyongyang oil and food in return for its weapons.\n",
      ),
    ]);
    expect(shipped.answer("How much cash has Moscow paid Pyongyang for its weapons?").confident).toBe(false);
    // The same question is answered once the corpus names a sum, in a currency's sign, name or code.
    const sums: [string, string][] = [
      ["$2 billion", "$2 billion"],
      ["2 billion rubles", "2 billion rubles"],
      ["USD 2 billion", "2 billion"],
      ["500 million won", "500 million won"],
    ];
    for (const [sum, highlight] of sums) {
      const paid = KnowledgeBase.fromFiles([
        textFile("arms.md", `Arms\n\nMoscow has paid Pyongyang ${sum} for its weapons, officials said.\n`),
      ]);
      const result = paid.answer("How much cash has Moscow paid Pyongyang for its weapons?");
      expect(result.confident).toBe(true);
      expect(result.answers[0]?.highlight).toEqual([highlight]);
    }
  });

  it("keeps a sentence with the one it leans on, and a quotation whole", () => {
    const leaning = KnowledgeBase.fromFiles([
      textFile(
        "kozyrev.md",
        "Critics\n\nThe Kremlin signed the pact in June. Andrei Kozyrev, a former Russian foreign minister, criticized the move. “Putin is learning to live with pariahs,” he said.\n\nDuring the visit, Shoigu toured a weapons exhibition near the capital.\n",
      ),
    ]);
    const kozyrev = leaning.answer("What did Andrei Kozyrev say about the pact?").answers[0]?.excerpt ?? "";
    const opens = (kozyrev.match(/“/g) ?? []).length;
    expect(opens).toBe((kozyrev.match(/”/g) ?? []).length);
    const shoigu = leaning.answer("What did Shoigu tour?").answers[0]?.excerpt ?? "";
    expect(shoigu).toMatch(/During the visit, Shoigu toured a weapons exhibition/);
  });

  it("shows a lead-in ending in a colon with what it introduces: the items' labels, else the items", () => {
    const threat = kb.answer("two pronged threat what are the two").answers[0]?.excerpt ?? "";
    expect(threat).toMatch(/two-pronged threat to global security: Regional Conflict; Weapons Proliferation\.$/);
    const listed = KnowledgeBase.fromFiles([
      textFile(
        "steps.md",
        "Steps\n\nThe envoys agreed on three measures to calm the border:\n\n- Reopen the hotline between the two armies.\n- Pull artillery back from the line.\n\nOther news\n\nTrade talks resume in May.\n",
      ),
    ]);
    const steps = listed.answer("Which measures did the envoys agree on to calm the border?").answers[0]?.excerpt ?? "";
    expect(steps).toBe(
      "The envoys agreed on three measures to calm the border: Reopen the hotline between the two armies. Pull artillery back from the line.",
    );
  });

  it("answers with one or two sentences, never a whole long paragraph", () => {
    const result = kb.answer("What did Linda Thomas-Greenfield urge Russia and China to do?");
    const top = result.answers[0];
    expect(top?.excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(top?.context.length).toBeGreaterThan(top?.excerpt.length ?? 0);
    expect(top?.context).toContain(top?.excerpt.split(" ").slice(0, 6).join(" "));
  });

  it("finds the byline: who wrote an article", () => {
    const result = kb.answer("Who wrote the piece about Putin and Kim seeking to fortify their alliance?");
    expect(result.answers.slice(0, 3).some((a) => /by Brandon Mitchell/.test(a.excerpt))).toBe(true);
  });

  it("answers who wrote an article named by its title with that article's byline, or says it has none", () => {
    const named = kb.answer("fortify alliance article author and outlet");
    expect(named.answers[0]?.excerpt).toMatch(/by Brandon Mitchell \(Associated Medias/);
    // Its title shares "Dangerous" with another article's, whose byline is no answer.
    const unsigned = kb.answer("Who wrote the Dangerous Partnership article?");
    expect(unsigned.confident).toBe(false);
    expect(unsigned.answers).toEqual([]);
    expect(unsigned.notice).toMatch(
      /“North Korea and Russia’s Dangerous Partnership.*” does not say who wrote or published it/,
    );
  });

  it("names an article by its author too, and says when it gives the byline but not the outlet asked for", () => {
    const outletless = kb.answer("Which outlet published Dil Bar Irshad's article?");
    expect(outletless.confident).toBe(false);
    expect(outletless.notice).toMatch(
      /“Putin and Kim Jong Un Forge Dangerous Alliance.*” does not say where it was published/,
    );
    const byAuthor = kb.answer("Which outlet put out the Brandon Mitchell article?");
    expect(byAuthor.answers[0]?.excerpt).toMatch(/by Brandon Mitchell \(Associated Medias/);
    expect(kb.answer("Who wrote the forge alliance article?").answers[0]?.excerpt).toMatch(/by Dil Bar Irshad/);
  });

  it("answers a question that names an article by its title from that article alone", () => {
    for (const [q, id] of [
      ["What does the fortify alliance piece say about China?", "fortify-alliance"],
      ["In the dangerous partnership report, what about sanctions?", "dangerous-partnership"],
    ] as const) {
      const sources = kb.answer(q).answers.map((a) => a.source.id);
      expect(sources.length).toBeGreaterThan(0);
      expect([q, sources.filter((s) => s !== id)]).toEqual([q, []]);
    }
  });

  it("shows the byline only for a question about the article", () => {
    // Its date note ("Shoigu's visit 'this July'") repeats the question's words; the text answers it.
    const top = kb.answer("shoigu visit").answers.map((a) => a.excerpt);
    expect(top[0]).toMatch(/Shoigu made a historic visit/);
    expect(top.some((e) => /, by Brandon Mitchell/.test(e))).toBe(false);
  });

  it("cites document, title, author, section and passage", () => {
    const a = kb.answer("Who is Andrei Kozyrev?").answers[0];
    expect(a?.source).toEqual({
      id: "fortify-alliance",
      title: "Putin and Kim Jong Un Seek to Fortify Their Alliance",
      author: "Brandon Mitchell",
      section: "Mutually Beneficial Alliance",
      passage: 6,
      outlet: "Associated Medias",
      date: null,
      url: null,
    });
    expect(a?.matched).toEqual(expect.arrayContaining(["Andrei", "Kozyrev"]));
  });

  it("returns at most three excerpts, best first, from different passages", () => {
    const result = kb.answer("sanctions");
    expect(result.answers.length).toBeLessThanOrEqual(3);
    const scores = result.answers.map((a) => a.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    const places = result.answers.map((a) => `${a.source.id}#${a.source.passage}`);
    expect(new Set(places).size).toBe(places.length);
  });

  it("collapses near-duplicate excerpts into one", () => {
    const para = "Russia shipped artillery shells to North Korea's border by rail in March, officials said.";
    const dupKb = KnowledgeBase.fromFiles([
      textFile("a.md", `First Report\n\n${para}`),
      textFile("b.md", `Second Report\n\n${para.replace("officials said", "officials reported")}`),
      textFile("c.md", "Third Report\n\nArtillery shells were counted in April by observers in the region."),
    ]);
    const result = dupKb.answer("artillery shells by rail");
    const railExcerpts = result.answers.filter((a) => a.excerpt.includes("by rail"));
    expect(railExcerpts).toHaveLength(1);
  });

  it("clips a sentence longer than the limit around the words that matched", () => {
    const filler = "the delegation discussed many matters of mutual interest at considerable length, ";
    const long = `At the start ${filler.repeat(6)}and finally agreed on a rail bridge over the Tumen River ${filler.repeat(3)}ending there.`;
    const kbLong = KnowledgeBase.fromFiles([textFile("long.md", `Long Report\n\n${long}`)]);
    const a = kbLong.answer("Tumen River rail bridge").answers[0];
    expect(a?.excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(a?.excerpt).toContain("rail bridge over the Tumen River");
    expect(a?.excerpt.startsWith("…")).toBe(true);
  });
});

describe("answer: confidence", () => {
  it.each([
    "What is the population of Brazil?",
    "What is the weather in Paris tomorrow?",
    "Best laptop for programming",
    ...own.filter((q) => q.unanswerable).map((q) => q.q),
  ])("says the corpus does not answer %j and offers what it covers", (q) => {
    const result = kb.answer(q);
    expect(result.confident).toBe(false);
    expect(result.answers).toEqual([]);
    expect(result.notice).toMatch(/\S/);
    expect(result.suggestions?.topics.length).toBeGreaterThan(0);
    expect(result.suggestions?.documents.map((d) => d.id)).toEqual(
      expect.arrayContaining(["forge-alliance", "fortify-alliance", "dangerous-partnership"]),
    );
  });

  it("is not confident when the only match is one common word", () => {
    for (const q of ["world", "What about the world?"]) {
      const result = kb.answer(q);
      expect(result.confident).toBe(false);
      expect(result.notice).toMatch(/general words/);
    }
  });

  it("declines a question about a name the corpus never mentions, and says which", () => {
    for (const [q, name] of [
      ["What did Sergei Lavrov say about North Korea?", "Lavrov"],
      ["Were North Korean troops deployed to the Kursk region?", "Kursk"],
    ] as const) {
      const result = kb.answer(q);
      expect(result.confident).toBe(false);
      expect(result.notice).toContain(`never mentions "${name}"`);
      expect(result.suggestions?.topics.length).toBeGreaterThan(0);
    }
    // A name with two letters swapped is a typo of one the corpus has, not a stranger.
    const typo = kb.answer("Kozyerv");
    expect(typo.notice ?? "").not.toMatch(/never mentions/);
    expect(typo.answers[0]?.excerpt).toMatch(/Kozyrev/);
  });

  it("does not decline for a name in an aside or a guess the asker hedges", () => {
    for (const q of [
      "What was the UK agreement the report mentioned, the Westminster accord or something?",
      "Which UK accord (the Westminster one?) does the report mention?",
    ]) {
      const result = kb.answer(q);
      expect([q, result.notice ?? ""]).not.toEqual([q, expect.stringMatching(/never mentions/)]);
      expect(result.answers[0]?.excerpt).toMatch(/Downing Street Accord/);
    }
  });

  it('reads the adjective of "how long" or "how far" as the question\'s frame, not a word to find', () => {
    for (const q of ["how long", "How far?"]) expect(kb.answer(q).notice).toMatch(/only very common words/);
  });

  it("is confident for a single specific word", () => {
    expect(kb.answer("Shoigu").confident).toBe(true);
  });

  it("is not confident when only one of several words matches, even a frequent one", () => {
    const result = kb.answer("What is the population of Russia?");
    expect(result.confident).toBe(false);
  });
});

describe("answer: bad input", () => {
  it.each([
    ["empty", ""],
    ["white space", "   \n\t "],
    ["emoji only", "🚀🔥🇰🇵"],
    ["control characters only", "\u0000\u0007\u001b[31m"],
  ])("%s: a clear result, not an error", (_name, q) => {
    const result = kb.answer(q);
    expect(result.confident).toBe(false);
    expect(result.answers).toEqual([]);
    expect(result.notice).toMatch(/\w{4}/);
  });

  it("strips control characters and still answers", () => {
    const result = kb.answer("Who is\u0000 Andrei\u001b Kozyrev?\u200b");
    expect(result.query).toBe("Who is Andrei Kozyrev?");
    expect(result.confident).toBe(true);
  });

  it("shortens a 10,000-character question, says so, and still answers", () => {
    const q = `Who is Andrei Kozyrev? ${"and also more words ".repeat(500)}`.slice(0, 10_000);
    const result = kb.answer(q);
    expect(result.query.length).toBeLessThanOrEqual(500);
    expect(result.notice).toMatch(/first 500 characters/);
    expect(result.confident).toBe(true);
  });

  it("answers a non-Latin question honestly, and knows the names it can", () => {
    expect(kb.answer("東京の天気は").confident).toBe(false);
    const russian = kb.answer("Северная Корея");
    expect(russian.answers.length + (russian.suggestions?.topics.length ?? 0)).toBeGreaterThan(0);
  });

  it("treats markup and mentions as plain words, never as instructions", () => {
    const q = "troops <!channel> <@U123> <https://evil.example|click>";
    const result = kb.answer(q);
    // Kept as typed, but for the link, which is never searched (see cleanQuestion).
    expect(result.query).toBe("troops <!channel> <@U123> < |click>");
    // The junk words are not in the corpus, so they count against confidence like any unknown word.
    expect(result.confident).toBe(false);
  });

  it("asks for English when a question in another script matches nothing", () => {
    for (const q of ["북한 러시아", "Путин Ким"]) {
      const result = kb.answer(q);
      expect(result.confident).toBe(false);
      expect(result.notice).toMatch(/corpus is in English/);
    }
    expect(kb.answer("quantum chromodynamics").notice).not.toMatch(/in English/);
  });

  it("says so when the corpus is empty", () => {
    const empty = KnowledgeBase.fromFiles([]);
    const result = empty.answer("Who is Kozyrev?");
    expect(result.confident).toBe(false);
    expect(result.notice).toMatch(/corpus is empty/);
  });
});
