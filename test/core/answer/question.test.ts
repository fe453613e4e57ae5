import { describe, expect, it } from "vitest";
import { cleanQuestion, MAX_QUESTION_CHARS } from "../../../src/core/answer/question.js";
import { bundledKnowledgeBase } from "../../helpers/corpus.js";

describe("cleanQuestion", () => {
  it("leaves out pasted links and @mentions, keeping the question's own words", () => {
    expect(cleanQuestion("@Dana what did Kozyrev say? https://example.com/a?b=1 www.example.org").text).toBe(
      "what did Kozyrev say?",
    );
    // An address inside a word is not a mention.
    expect(cleanQuestion("mail kim@example.com about it").text).toBe("mail kim@example.com about it");
  });

  it("turns control and format characters into spaces and shortens a very long question, saying so", () => {
    expect(cleanQuestion("Kim\u0000Jong\u200bUn").text).toBe("Kim Jong Un");
    const long = cleanQuestion("Russia ".repeat(200));
    expect(long.text.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(long.notice).toMatch(/first 500 characters/);
  });
});

describe("a question with a link or a mention", () => {
  const kb = bundledKnowledgeBase();
  it("is answered as the question without them", () => {
    const plain = kb.answer("What did Kozyrev say?");
    expect(plain.confident).toBe(true);
    const pasted = kb.answer("@Dana what did Kozyrev say? https://news.example.com/kozyrev-interview");
    expect(pasted.confident).toBe(true);
    expect(pasted.answers[0]?.excerpt).toBe(plain.answers[0]?.excerpt);
  });
});
