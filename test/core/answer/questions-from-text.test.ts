import { describe, expect, it } from "vitest";
import { participle, questionsFrom } from "../../../src/core/answer/questions-from-text.js";

describe("questionsFrom", () => {
  it.each([
    [
      "In return, North Korea has shipped at least 10,000 containers filled with weapons to Russia.",
      ["How many containers has North Korea shipped to Russia?", "What has North Korea shipped to Russia?"],
    ],
    ["Andrei Kozyrev, a former Russian foreign minister, criticized the move.", ["Who is Andrei Kozyrev?"]],
    ["Russia provided support for North Korea's missile programme.", ["What has Russia provided?"]],
    [
      "Pyongyang sent 12,000 soldiers to Kursk in October.",
      ["How many soldiers has Pyongyang sent to Kursk?", "What has Pyongyang sent to Kursk?"],
    ],
    ["North Korea and Russia signed a treaty in June.", ["What have North Korea and Russia signed?"]],
  ])("%s", (sentence, questions) => {
    expect(questionsFrom(sentence)).toEqual(questions);
  });

  it.each([
    "She made a trip to the Demilitarized Zone.",
    "Moscow has now pulled Pyongyang into its orbit.",
    "North Korea was confirmed to have sent troops.",
    "The relationship has evolved from a transactional alliance.",
    "Sanctions remain in place.",
  ])("asks nothing it would word wrongly: %s", (sentence) => {
    expect(questionsFrom(sentence)).toEqual([]);
  });

  it("turns a past form into the participle that follows has", () => {
    expect(["shipped", "sent", "gave", "took", "need", "go"].map(participle)).toEqual([
      "shipped",
      "sent",
      "given",
      "taken",
      null,
      null,
    ]);
  });
});
