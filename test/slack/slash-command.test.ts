import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../src/core/knowledge-base.js";
import { bundledFiles, bundledKnowledgeBase } from "../helpers/corpus.js";
import { type Harness, jsonOf, mockResponseUrl, nock, startHarness } from "./harness.js";

interface Ack {
  response_type: string;
  text: string;
  blocks: {
    type: string;
    text?: { text: string };
    elements?: { text?: unknown; action_id?: string; value?: string }[];
    accessory?: { action_id: string; value: string };
  }[];
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function ask(text: string): Promise<Ack> {
  return jsonOf<Ack>(await h.command(text));
}

const allText = (ack: Ack) => JSON.stringify(ack.blocks) + ack.text;

describe("/nkru <question>", () => {
  it("answers in the acknowledgement, privately, with quoted excerpts, citations, sources and buttons", async () => {
    const ack = await ask("What did Russia send Kim as a gift?");
    expect(ack.response_type).toBe("ephemeral");
    expect(ack.blocks[0]?.text?.text).toBe("*What did Russia send Kim as a gift?*");
    const excerpt = ack.blocks[1];
    // At most the two rarest matched words are bold, not every word the question shares.
    expect(excerpt?.text?.text).toMatch(/^> .*luxury Russian limousine/);
    expect(excerpt?.text?.text?.match(/\*[^*]+\*/g)).toEqual(["*Kim*", "*sending*"]);
    expect(excerpt?.accessory).toEqual(
      expect.objectContaining({ action_id: "show_context", value: "forge-alliance#2" }),
    );
    expect(JSON.stringify(ack.blocks[2])).toContain(
      "1. _Putin and Kim Jong Un Forge Dangerous Alliance Amid Growing Military Ties_ · Dil Bar Irshad",
    );
    // Each excerpt is cited under it, so no "Sources:" line repeats the titles.
    expect(allText(ack)).not.toMatch(/Sources: _/);
    const actions = ack.blocks.at(-1);
    expect(actions?.type).toBe("actions");
    expect(actions?.elements?.map((e) => e.action_id)).toEqual(["share_answer", "feedback_up", "feedback_down"]);
    expect(JSON.parse(actions?.elements?.[0]?.value ?? "{}")).toEqual({ q: "What did Russia send Kim as a gift?" });
    expect(ack.text).toMatch(/luxury Russian limousine/);
  });

  it("says plainly when the corpus has no answer, and suggests what it covers", async () => {
    const ack = await ask("What is the population of Brazil?");
    expect(ack.response_type).toBe("ephemeral");
    // One sentence says so; no "I couldn't find…" followed by the same thing again.
    expect(ack.blocks[0]?.text?.text).toBe("*What is the population of Brazil?*\nThe corpus has nothing on this.");
    // Topics a person recognises (names and phrases), not frequent single words.
    const covers = String(ack.blocks[1]?.text?.text);
    expect(covers).toMatch(/^\*The corpus covers\* .*South Korea.*artillery shells/);
    expect(covers).not.toMatch(/\b(?:international|increasing|strengthening),/);
    // Example questions, each of which the corpus answers.
    const examples = [...allText(ack).matchAll(/`\/nkru ([^`]+)`/g)].map((m) => m[1] as string);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const e of examples) {
      expect(e).toMatch(/\?$/);
      expect(bundledKnowledgeBase().answer(e).confident, e).toBe(true);
    }
    expect(ack.blocks.some((b) => b.type === "actions")).toBe(false);
  });

  it("shows a question's own markup as plain words, so the bold header stays whole", async () => {
    const ack = await ask("*bold* what about _troops_?");
    expect(ack.blocks[0]?.text?.text).toBe("*bold what about troops?*");
  });

  it("pings nobody and forges no link, whatever the question holds", async () => {
    const ack = await ask("troops <!channel> <@U123> <https://evil.example|click> @here");
    const text = allText(ack);
    expect(text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil|<!here>/);
    expect(text).not.toMatch(/@here/); // broken with an invisible joiner
    expect(text).toContain("troops");
  });
});

describe("/nkru subcommands", () => {
  it("/nkru and /nkru help show usage with examples drawn from the corpus", async () => {
    for (const text of ["", "help", "  HELP "]) {
      const ack = await ask(text);
      const body = allText(ack);
      expect(body).toMatch(/Ask a question/);
      // Examples are whole questions the corpus answers, never its section headings.
      expect(body).toContain("/nkru Who is Andrei Kozyrev?");
      expect(body).not.toContain("/nkru A Shift from Transactional to Strategic Alliance");
    }
  });

  it("/nkru sources lists the documents", async () => {
    const body = allText(await ask("sources"));
    expect(body).toMatch(/3 documents, \d+ passages/);
    expect(body).toContain("Putin and Kim Jong Un Seek to Fortify Their Alliance");
    expect(body).toContain("Brandon Mitchell");
  });

  it("/nkru status gives corpus size, index age, skipped files and the digest schedule", async () => {
    const body = allText(await ask("status"));
    expect(body).toMatch(/\*Corpus:\* 3 documents, \d+ passages/);
    expect(body).toMatch(/\*Index:\* built \d+ seconds ago/);
    expect(body).toMatch(/\*Skipped files:\* none/);
    expect(body).toMatch(/\*Daily digest:\* every day at 09:00 UTC/);
    // Which store holds the state, and the feeds (none here).
    expect(body).toMatch(/\*State:\* SQLite at .*nkru\.db/);
    expect(body).toContain("*Feeds:* none");
    expect(body).not.toContain("Not saving");
  });

  it("/nkru status says when the last re-read failed and the previous index is in use", async () => {
    h.knowledge.lastError = "corpus folder /corpus does not exist";
    const body = allText(await ask("status"));
    expect(body).toContain(
      "*Last re-read failed:* corpus folder /corpus does not exist (still answering from the previous index)",
    );
  });

  it("any other text is a question, including one that starts with a subcommand word", async () => {
    const ack = await ask("sources of North Korean weapons");
    expect(allText(ack)).not.toMatch(/3 documents/);
    expect(ack.blocks[0]?.text?.text).toMatch(/^\*sources of North Korean weapons\*/);
  });
});

describe("/nkru before the corpus has loaded", () => {
  it("acknowledges at once, then answers through response_url", async () => {
    await h.close();
    h = await startHarness({ kb: null });
    const responses = mockResponseUrl();
    const ack = await jsonOf<Ack>(await h.command("Who is Andrei Kozyrev?", {}, { wait: false }));
    expect(ack.text).toMatch(/still loading the corpus/);
    expect(responses.calls).toEqual([]);

    h.knowledge.set(KnowledgeBase.fromFiles(bundledFiles()), 5);
    await h.slack.idle();
    expect(responses.scope.isDone()).toBe(true);
    expect(responses.calls[0]).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(JSON.stringify(responses.calls[0])).toMatch(/former Russian foreign minister/);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
