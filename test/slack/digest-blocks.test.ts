import { describe, expect, it } from "vitest";
import { DIGEST_ASK, digestMessage } from "../../src/slack/blocks/digest.js";
import { bundledKnowledgeBase } from "../helpers/corpus.js";

describe("digestMessage", () => {
  it("never offers two takeaways the same question: a later one asks its next, or shows no button", () => {
    const digest = bundledKnowledgeBase().digest("2026-11-23");
    expect(digest.takeaways.length).toBeGreaterThanOrEqual(3);
    // Every takeaway would ask the same two questions, in this order.
    const message = digestMessage(
      digest,
      (_t, taken) => ["What happened?", "Who was there?"].find((q) => !taken.has(q)) ?? null,
    );
    const asked = (message.blocks as { accessory?: { action_id?: string; value?: string } }[])
      .filter((b) => b.accessory?.action_id === DIGEST_ASK)
      .map((b) => (JSON.parse(b.accessory?.value ?? "{}") as { q: string }).q);
    expect(asked).toEqual(["What happened?", "Who was there?"]);
  });
});
