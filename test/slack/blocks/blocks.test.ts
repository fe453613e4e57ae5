import { describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../../src/core/knowledge-base.js";
import { supportNote } from "../../../src/core/summarize/summarize-thread.js";
import type { AnswerResult } from "../../../src/core/types.js";
import { markupToPlain } from "../../../src/markup/thread-messages.js";
import { answerMessage, contextMessage } from "../../../src/slack/blocks/answer.js";
import { helpMessage, homeView, sourcesMessage, statusMessage } from "../../../src/slack/blocks/info.js";
import { type Block, fitMessage, LIMITS, type Message } from "../../../src/slack/blocks/limits.js";
import { summaryMessage } from "../../../src/slack/blocks/summary.js";
import { boldWords, escapeText } from "../../../src/slack/mrkdwn.js";
import { subcommandLines } from "../../../src/slack/subcommands.js";
import { bundledKnowledgeBase, textFile } from "../../helpers/corpus.js";

/** Checks a message against Slack's limits. */
function expectWithinLimits(m: Message) {
  expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  expect(m.text.length).toBeLessThan(4000);
  let total = 0;
  for (const b of m.blocks) {
    const json = b as { type: string; text?: { text: string }; elements?: { text?: unknown; value?: string }[] };
    if (json.text) {
      expect(json.text.text.length).toBeLessThanOrEqual(b.type === "header" ? 150 : 3000);
      total += json.text.text.length;
    }
    for (const e of json.elements ?? []) {
      const t = typeof e.text === "string" ? e.text : ((e.text as { text?: string } | undefined)?.text ?? "");
      total += t.length;
      if (e.value) expect(e.value.length).toBeLessThanOrEqual(2000);
    }
  }
  expect(total).toBeLessThanOrEqual(12_000);
}

// A document built to break limits: a 40,000-character paragraph of one sentence,
// hundreds of sections, a title of 2,000 characters full of markup.
const hugeTitle = `<!channel> ${"Very Long Title & <b>Markup</b> ".repeat(60)}`;
const giant = `Pyongyang ${"shipped artillery shells to Moscow and ".repeat(1000)}done.`;
const sections = Array.from(
  { length: 300 },
  (_, i) => `Section Number ${i}\n\nPyongyang shipped shells in batch ${i}.`,
).join("\n\n");
const oversized = KnowledgeBase.fromFiles([
  textFile(
    "huge.md",
    `---\ntitle: "${hugeTitle.replace(/"/g, "'")}"\nauthor: "<@U999> Writer"\n---\n${giant}\n\n${sections}\n`,
  ),
]);

describe("Block Kit builders stay within Slack's limits", () => {
  it("an answer from an oversized document", () => {
    const result = oversized.answer("Pyongyang shells Moscow");
    expect(result.confident).toBe(true);
    const m = answerMessage({ result, buttons: { share: true, feedback: true, context: true } });
    expectWithinLimits(m);
    expect(JSON.stringify(m.blocks)).not.toMatch(/<!channel>|<@U999>|<b>/);
  });

  it("a question of 10,000 characters", () => {
    const result = oversized.answer(`Pyongyang shells ${"x".repeat(10_000)}`);
    expectWithinLimits(answerMessage({ result, buttons: { share: true, feedback: true, context: true } }));
  });

  it("the context of a 40,000-character passage", () => {
    const p = oversized.corpus.passages[0];
    if (!p) throw new Error("no passage");
    const m = contextMessage({
      context: p.text,
      source: {
        id: "huge",
        title: hugeTitle,
        author: null,
        section: null,
        passage: 1,
        outlet: null,
        date: null,
        url: null,
      },
    });
    expectWithinLimits(m);
    expect(m.blocks.length).toBeGreaterThan(3);
  });

  it("sources, status and App Home for a corpus of 300 documents", () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      id: `doc-${i}`,
      title: hugeTitle,
      author: "A. Writer",
      outlet: null,
      period: null,
      date: null,
      url: null,
      added: null,
      file: `doc-${i}.md`,
      passages: 3,
    }));
    expectWithinLimits(sourcesMessage(many));
    expectWithinLimits(
      statusMessage({
        documents: 300,
        passages: 900,
        loadedAt: new Date(0),
        loadMs: 5,
        indexOrigin: "built",
        skipped: Array.from({ length: 500 }, (_, i) => ({ file: `bad-${i}.txt`, reason: "not valid UTF-8" })),
        lastError: null,
        digest: "every day",
        now: new Date(60_000),
      }),
    );
    const home = homeView(many, ["a", "b"], { schedule: "every day", channel: "D1", subscribed: false });
    expectWithinLimits({ text: "", blocks: home.blocks as Block[] });
    expectWithinLimits(
      helpMessage(
        Array.from({ length: 100 }, () => hugeTitle),
        subcommandLines("/nkru"),
      ),
    );
  });

  it("fitMessage keeps the buttons when it has to drop content", () => {
    const blocks: Block[] = [
      ...Array.from(
        { length: 80 },
        (_, i): Block => ({ type: "section", text: { type: "mrkdwn", text: `block ${i}` } }),
      ),
      { type: "actions", elements: [{ type: "button", action_id: "x", text: { type: "plain_text", text: "Go" } }] },
    ];
    const m = fitMessage({ text: "t", blocks });
    expect(m.blocks).toHaveLength(50);
    expect(m.blocks.at(-1)?.type).toBe("actions");
    expect(JSON.stringify(m.blocks.at(-2))).toMatch(/shortened to fit/);
  });
});

describe("answer blocks", () => {
  const result: AnswerResult = {
    query: "Who is <@U1>?",
    confident: true,
    notice: null,
    suggestions: null,
    answers: [
      {
        excerpt: "Andrei Kozyrev, a former Russian foreign minister, criticized the move & more.",
        source: { id: "d", title: "T <x>", author: "A", section: "S", passage: 6, outlet: null, date: null, url: null },
        score: 1,
        context: "ctx",
        matched: ["Kozyrev", "Russian"],
        highlight: ["Kozyrev", "Russian"],
        standing: "answer",
      },
    ],
  };

  it("labels a close second excerpt Related, hides a weak one, and links the title with outlet and date", () => {
    const base = result.answers[0] as AnswerResult["answers"][number];
    const m = answerMessage({
      result: {
        ...result,
        answers: [
          {
            ...base,
            source: { ...base.source, url: "https://example.com/a", outlet: "Example | News", date: "2025-03-14" },
          },
          { ...base, excerpt: "A close second.", highlight: ["second"], standing: "related" },
          { ...base, excerpt: "A weak third.", highlight: ["third"], standing: "weak" },
        ],
      },
      buttons: { share: false, feedback: false, context: false },
    });
    const text = JSON.stringify(m.blocks);
    expect(text).toContain("1. _<https://example.com/a|T &lt;x&gt;>_ · A · Example | News · 14 Mar 2025 · S");
    expect(text).toContain("2. Related · _T &lt;x&gt;_");
    expect(text).toContain("> A close *second*.");
    expect(text).not.toContain("weak third");
    expect(m.text).not.toContain("weak third");
  });

  it("quotes the excerpt with matched words in bold, escaped", () => {
    const m = answerMessage({ result, buttons: { share: false, feedback: false, context: false } });
    expect((m.blocks[1] as { text: { text: string } }).text.text).toBe(
      "> Andrei *Kozyrev*, a former *Russian* foreign minister, criticized the move &amp; more.",
    );
    expect(JSON.stringify(m.blocks)).toContain("Who is &lt;@U1&gt;?");
    expect(JSON.stringify(m.blocks)).toContain("_T &lt;x&gt;_ · A · S");
    expect(JSON.stringify(m.blocks)).not.toContain("passage 6");
    expect(m.blocks.some((b) => b.type === "actions")).toBe(false);
  });
});

describe("summary blocks", () => {
  let n = 0;
  const msg = (user: string, text: string) => ({
    ts: `1700000${++n}.000100`,
    user,
    name: user.slice(1).toLowerCase(),
    text,
    mentions: [],
  });
  const result = bundledKnowledgeBase().summarizeThread([
    msg("UANA", "Russia vetoed the renewal of the UN panel of experts that monitored sanctions on North Korea."),
    msg("UBEN", "My cat knocked the printer off the desk again this morning, which was loud."),
    msg("UANA", "Without the panel of experts, nobody independent monitors sanctions enforcement on North Korea."),
    msg("UCHO", "Ben, can you take the sanctions section of the brief?"),
    msg("UBEN", "sure"),
    msg("UCHO", "The printer on the third floor is jammed again, somebody called facilities."),
  ]);
  if (!result.ok) throw new Error(result.message);
  const m = summaryMessage(result.summary, () => null);
  const texts = m.blocks.map((b) => JSON.stringify(b)).join("\n");

  it("shows the support under supported points only, and one line on which points the corpus supports", () => {
    expect(texts).not.toMatch(/nothing on this point/);
    const supported = result.summary.keyPoints.flatMap((p, i) => (p.support ? [i + 1] : []));
    expect(supported.length).toBeGreaterThan(0);
    expect(supported.length).toBeLessThan(result.summary.keyPoints.length);
    expect(texts).toContain(supportNote(result.summary.keyPoints));
    expect(texts.match(/The corpus: /g)?.length).toBe(supported.length);
  });

  it("lists what people were asked to do, with who was asked, apart from open questions", () => {
    expect(texts).toMatch(
      /\*Asked to do\*\\n• Ben, can you take the sanctions section of the brief\? \(asked of ben\)/,
    );
    expect(texts).toMatch(/\*Open questions\*\\nNone/);
    expectWithinLimits(m);
  });
});

describe("mrkdwn safety", () => {
  it("escapes markup and breaks broadcast words", () => {
    expect(escapeText("a & b <!channel> <@U1> @here @Channel")).toBe(
      "a &amp; b &lt;!channel&gt; &lt;@U1&gt; @\u2060here @\u2060Channel",
    );
  });

  it("bolds whole words only", () => {
    expect(boldWords("Kim met Kimberly", ["Kim"])).toBe("*Kim* met Kimberly");
  });

  it("turns an incoming question's Slack markup into plain words, keeping a bare link's address", () => {
    expect(
      markupToPlain("troops <!channel> <@U123> <@U9|bob> <#C1|general> <https://evil.example|click> &lt;b&gt;", {
        keepLinks: true,
      }),
    ).toBe("troops @someone @bob #general click <b>");
    expect(markupToPlain("add <https://news.example/a>", { keepLinks: true })).toBe("add https://news.example/a");
  });
});
