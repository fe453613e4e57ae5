import { describe, expect, it } from "vitest";
import {
  answerTypeOf,
  asksAboutArticle,
  hasAnswerOfType,
  namesAnArticle,
  splitFrame,
} from "../../../src/core/answer/answer-type.js";

describe("questions about an article itself", () => {
  it("reads who wrote or published it, in full questions and in keywords", () => {
    for (const q of [
      "Who wrote the article about fortifying the alliance?",
      "Which outlet published the piece on Kim's visit?",
      "fortify alliance article author and outlet",
      "who is the author",
    ]) {
      expect([q, asksAboutArticle(q)]).toEqual([q, true]);
    }
    for (const q of ["What does the author argue about China?", "Who leads North Korea?"]) {
      expect([q, asksAboutArticle(q)]).toEqual([q, false]);
    }
  });

  it("tells a corpus document named as an article from a book or a play the corpus is about", () => {
    expect(namesAnArticle("Who wrote the Dangerous Partnership article?")).toBe(true);
    expect(namesAnArticle("Who is the author of the piece on Putin?")).toBe(true);
    expect(namesAnArticle("Who wrote Hamlet?")).toBe(false);
    expect(namesAnArticle("Who is the author of the novel Nineteen Eighty-Four?")).toBe(false);
  });
});

describe("answer types", () => {
  it.each([
    ["How many troops did North Korea send?", "number"],
    ["How long was Kim's visit?", "duration"],
    ["When did Shoigu visit?", "date"],
    ["What was the estimated dollar value of the arms deal?", "money"],
    ["Who criticized the move?", "person"],
    ["Where did Thomas-Greenfield speak?", "place"],
    ["Why is China concerned?", "reason"],
    ["Did Russia veto the panel?", "yesno"],
  ])("%j asks for a %s", (q, type) => {
    expect(answerTypeOf(q)).toBe(type);
  });
});

describe("an answer of the asked type", () => {
  it("finds a duration in a span or where one starts, not in a bare 'for'", () => {
    const none = new Set<string>();
    for (const text of [
      "a rare six-day visit to Russia",
      "Kim hasn't left North Korea for four years",
      "in office since 2019",
    ]) {
      expect([text, hasAnswerOfType("duration", text, none)]).toEqual([text, true]);
    }
    for (const text of ["Russia providing support for North Korea's missiles", "Since then, ties have grown."]) {
      expect([text, hasAnswerOfType("duration", text, none)]).toEqual([text, false]);
    }
  });
});

describe("a date", () => {
  const none = new Set<string>();
  it("is a month after a word that introduces one or before a figure, not the verbs 'may' and 'march'", () => {
    for (const text of ["He went in May.", "Talks resumed on May 5.", "Since March, ties have grown.", "By October"]) {
      expect([text, hasAnswerOfType("date", text, none)]).toEqual([text, true]);
    }
    for (const text of [
      "That stance may be changing.",
      "This may be so, and may end.",
      "Troops march on the capital.",
      "It may mar the talks.",
    ]) {
      expect([text, hasAnswerOfType("date", text, none)]).toEqual([text, false]);
    }
  });
});

describe("a question's frame", () => {
  it("is split off after 'per the', as after 'in the': a year naming the article is not asked of the answer", () => {
    expect(splitFrame("long term outlook for the alliance per the 2023 article?")).toEqual({
      question: "long term outlook for the alliance ?",
      frame: "2023 article",
    });
  });
});
