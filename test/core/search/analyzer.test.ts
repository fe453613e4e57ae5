import { describe, expect, it } from "vitest";
import { Analyzer } from "../../../src/core/search/analyzer.js";

const analyzer = new Analyzer();
const terms = (text: string) => analyzer.terms(text);

describe("Analyzer.terms", () => {
  it("folds case, accents and curly quotes, and drops possessives", () => {
    expect(terms("Café")).toEqual(terms("cafe"));
    expect(terms("Kozyrev’s")).toEqual(terms("kozyrev's"));
    expect(terms("Kozyrev’s")).toEqual(terms("Kozyrev"));
  });

  it("stems, so inflected forms meet", () => {
    expect(terms("sanctions")).toEqual(terms("sanction"));
    expect(terms("questioned")).toEqual(terms("question"));
    expect(terms("submarines")).toEqual(terms("submarine"));
  });

  it("drops stop words and question words", () => {
    expect(terms("What did the of and is")).toEqual([]);
    expect(terms("Why is it so")).toEqual([]);
  });

  it("maps names of the same actor to one concept term", () => {
    const nk = terms("North Korea");
    expect(nk).toEqual(["northkorea"]);
    for (const alias of ["Pyongyang", "DPRK", "North Korean", "North Korea’s", "NK", "nk", "DPRK's"]) {
      expect(terms(alias)).toContain("northkorea");
    }
    for (const alias of ["Moscow", "Kremlin", "Russian", "Russia"]) expect(terms(alias)).toContain("russia");
    for (const alias of ["UN", "U.N.", "United Nations", "the UN’s", "UN's"])
      expect(terms(alias)).toContain("unitednations");
    for (const alias of ["Kim", "Kim Jong Un", "Kim Jong-un"]) expect(terms(alias)).toContain("kimjongun");
    for (const alias of ["Seoul", "South Korea", "ROK"]) expect(terms(alias)).toContain("southkorea");
    for (const alias of ["Kyiv", "Ukraine"]) expect(terms(alias)).toContain("ukraine");
    for (const alias of ["Beijing", "China"]) expect(terms(alias)).toContain("china");
  });

  it("keeps a place's own name beside its concept, so an exact mention ranks higher", () => {
    expect(terms("Pyongyang")).toEqual(["pyongyang", "northkorea"]);
  });

  it("indexes an irregular form under its base form too, from WordNet's exception lists", () => {
    expect(terms("fled")).toEqual(expect.arrayContaining(terms("flee")));
    expect(terms("gave")).toEqual(expect.arrayContaining(terms("give")));
    expect(terms("children")).toEqual(expect.arrayContaining(terms("child")));
    // The word itself stays, so an exact mention still ranks first.
    expect(terms("left")).toContain("left");
  });

  it("undoes a regular inflection the stemmer gets wrong, through the dictionary", () => {
    // Porter makes "died" "di" and "die" "die"; undoing "-d" against WordNet joins them.
    expect(terms("died")).toEqual(expect.arrayContaining(terms("die")));
    expect(terms("ties")).toEqual(expect.arrayContaining(terms("tie")));
    // A word the dictionary holds is left as it is, and comparatives are not undone.
    expect(terms("need")).toEqual(["need"]);
    expect(terms("Rainer")).not.toEqual(expect.arrayContaining(terms("rain")));
  });

  it("reads a decade's apostrophe as a plural, not a possessive", () => {
    expect(terms("the 1990's")).toEqual(terms("the 1990s"));
    expect(terms("the 1990s")).not.toEqual(terms("in 1990"));
  });

  it("indexes a British spelling under its American twin too, so either finds the other", () => {
    expect(terms("baptised")).toEqual(expect.arrayContaining(terms("baptized")));
    expect(terms("colours")).toEqual(expect.arrayContaining(terms("color")));
    expect(terms("organisations")).toEqual(expect.arrayContaining(terms("organization")));
    expect(terms("defence")).toEqual(expect.arrayContaining(terms("defense")));
    // Only pairs WordNet holds in one sense: "hour" is not "hor".
    expect(terms("hour")).toEqual(["hour"]);
  });

  it("adds WordNet's related words to a question, below the word itself", () => {
    const related = (q: string) => new Map(analyzer.queryTerms(q).map((t) => [t.term, t]));
    const marriage = related("Did they talk about marriage?");
    expect(marriage.get("marri")?.relation).toBe("derived"); // marry
    expect(marriage.get("matrimoni")?.relation).toBe("synonym");
    expect(marriage.get("marriag")?.weight).toBe(1);
    expect(marriage.get("marri")?.weight).toBeLessThan(1);
    expect(related("Which car did Putin give Kim?").get("limousin")?.relation).toBe("narrower");
    expect(related("Why did Ethelred flee?").get("flight")?.relation).toBe("derived");
    // An irregular form with an entry of its own is also its verb's form: "worried" is "upset" and "concerned".
    const worried = related("Is China worried?");
    expect(worried.get("upset")?.relation).toBe("synonym");
    expect(worried.get(terms("concerned")[0] as string)?.relation).toBe("synonym");
    // Adverbs too: "lately" is "recently", "mostly" is "largely", "originally" is "primitively".
    expect(related("What happened lately?").get("recent")?.relation).toBe("synonym");
    expect(related("Is it mostly military?").get("larg")?.relation).toBe("synonym");
    expect(related("What was it originally?").get("primit")?.relation).toBe("synonym");
    // Names are never expanded.
    expect([...related("Kozyrev").keys()]).toEqual(["kozyrev"]);
  });

  it("knows every country's names, demonyms and capitals from the gazetteer", () => {
    for (const name of ["France", "French", "Paris", "French Republic"]) expect(terms(name)).toContain("france");
    for (const name of ["Brazil", "Brazilian", "Brasília"]) expect(terms(name)).toContain("brazil");
  });

  it('tells the country "US" from the pronoun "us"', () => {
    expect(terms("US urges China")).toContain("unitedstates");
    expect(terms("U.S. urges China")).toContain("unitedstates");
    expect(terms("what did the us say")).toContain("unitedstates");
    expect(terms("tell us more")).not.toContain("unitedstates");
  });

  it("does not take South Korea for North Korea", () => {
    expect(terms("South Korea")).not.toContain("northkorea");
  });

  it("reads numbers with thousands separators as one term", () => {
    expect(terms("10,000 containers")).toContain("10000");
  });
});

describe("Analyzer.tokenize", () => {
  it("gives each token its span in the original text", () => {
    const text = "Kim Jong Un met Putin in Pyongyang.";
    const tokens = analyzer.tokenize(text).filter((t) => t.term);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(["Kim Jong Un", "met", "Putin", "Pyongyang"]);
  });
});

describe("Analyzer.queryTerms", () => {
  it("weights the question's own words over alias concepts", () => {
    const q = analyzer.queryTerms("Moscow troops");
    expect(q.find((t) => t.term === "moscow")?.weight).toBe(1);
    expect(q.find((t) => t.term === "russia")?.weight).toBe(analyzer.synonymWeight);
  });

  it("weights the focus word after what/which/how many", () => {
    expect(analyzer.queryTerms("Which ambassador visited?").find((t) => t.source === "ambassador")?.weight).toBe(
      analyzer.focusWeight,
    );
    expect(analyzer.queryTerms("How many containers?").find((t) => t.source === "containers")?.weight).toBe(
      analyzer.focusWeight,
    );
    expect(analyzer.queryTerms("containers").find((t) => t.source === "containers")?.weight).toBe(1);
  });

  it("marks names as entities and general words as common", () => {
    const q = analyzer.queryTerms("North Korea world");
    expect(q.find((t) => t.term === "northkorea")?.entity).toBe(true);
    expect(q.find((t) => t.source === "world")?.common).toBe(true);
  });
});
