import { describe, expect, it } from "vitest";
import { splitSentences } from "../../../src/core/corpus/sentences.js";

describe("splitSentences", () => {
  it("splits ordinary sentences", () => {
    expect(splitSentences("Kim visited Russia. Putin met him. They talked.")).toEqual([
      "Kim visited Russia.",
      "Putin met him.",
      "They talked.",
    ]);
  });

  it('does not end a sentence at "U.S." or "U.N." followed by a name', () => {
    const text =
      "U.S. Ambassador to the United Nations Linda Thomas-Greenfield urged Russia and China to act. She spoke at the U.N. Security Council.";
    expect(splitSentences(text)).toEqual([
      "U.S. Ambassador to the United Nations Linda Thomas-Greenfield urged Russia and China to act.",
      "She spoke at the U.N. Security Council.",
    ]);
  });

  it("keeps an initialism inside a sentence followed by a lower-case word", () => {
    expect(splitSentences("The U.S. has accused North Korea. Both deny it.")).toEqual([
      "The U.S. has accused North Korea.",
      "Both deny it.",
    ]);
  });

  it("ends a sentence at an initialism when the next one opens like a sentence", () => {
    expect(splitSentences("Sanctions were imposed by the U.S. The visit went ahead.")).toEqual([
      "Sanctions were imposed by the U.S.",
      "The visit went ahead.",
    ]);
  });

  it("does not split after titles such as Mr. and Dr. or a middle initial", () => {
    expect(splitSentences("Mr. Kim met Dr. Lee and George W. Bush in St. Petersburg. Then they left.")).toEqual([
      "Mr. Kim met Dr. Lee and George W. Bush in St. Petersburg.",
      "Then they left.",
    ]);
  });

  it("keeps a short form written before a figure with it, and ends a sentence at the same word otherwise", () => {
    expect(splitSentences("See No. 5 and Jan. 12, 2024. It was approx. 40 km away.")).toEqual([
      "See No. 5 and Jan. 12, 2024.",
      "It was approx. 40 km away.",
    ]);
    expect(splitSentences("Oh, no. We have one in navy. They left in Dec. The talks ended.")).toEqual([
      "Oh, no.",
      "We have one in navy.",
      "They left in Dec.",
      "The talks ended.",
    ]);
  });

  it("ends a sentence run into the next without a space, but not an abbreviation or a short form", () => {
    expect(splitSentences('It passes to the offspring.Pappataci fever is rare. He left."Goldman stayed.')).toEqual([
      "It passes to the offspring.",
      "Pappataci fever is rare.",
      'He left."',
      "Goldman stayed.",
    ]);
    expect(splitSentences("Mrs.Smith holds a Ph.D in law. She sang P!nk songs.")).toEqual([
      "Mrs.Smith holds a Ph.D in law.",
      "She sang P!nk songs.",
    ]);
  });

  it("keeps a closing quotation mark with its sentence", () => {
    expect(splitSentences("He called them “rogue states.” Others disagreed.")).toEqual([
      "He called them “rogue states.”",
      "Others disagreed.",
    ]);
  });
});

describe("splitSentences on long runs of abbreviations", () => {
  it("joins a run of initials as before, looking only at the end of what it has joined", () => {
    const run = "U.S. ".repeat(5000).trim();
    expect(splitSentences(run)).toEqual([run]);
    // An initialism before a sentence opener still ends the sentence, however long the run before it.
    expect(splitSentences(`${run} The visit ended.`)).toEqual([run, "The visit ended."]);
  });
});
