import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cosine, lexRank, similarities, tfidfVectors } from "../../../src/core/centrality/centrality.js";
import {
  isRequest,
  summarizeThread,
  supportNote,
  type ThreadMessage,
} from "../../../src/core/summarize/summarize-thread.js";
import type { AnswerResult } from "../../../src/core/types.js";
import { namesFromProfiles, toThreadMessages } from "../../../src/markup/thread-messages.js";
import { bundledKnowledgeBase } from "../../helpers/corpus.js";

const kb = bundledKnowledgeBase();
const saved = JSON.parse(readFileSync(new URL("../../fixtures/thread-shells.json", import.meta.url), "utf8"));
const thread = toThreadMessages(saved.messages, namesFromProfiles(saved.messages));

let n = 0;
const msg = (user: string, text: string, mentions: string[] = []): ThreadMessage => ({
  ts: `1700000${String(++n).padStart(3, "0")}.000100`,
  user,
  name: user.toLowerCase(),
  text,
  mentions,
});

function summary(messages: readonly ThreadMessage[]) {
  const r = kb.summarizeThread(messages);
  if (!r.ok) throw new Error(r.message);
  return r.summary;
}

describe("summarizeThread on a thread with a known gist", () => {
  const s = summary(thread);

  it("counts people's messages and participants, leaving out the bot and the join notice", () => {
    expect(s.messageCount).toBe(12);
    expect(s.participants.map((p) => [p.name, p.messages])).toEqual([
      ["ana", 3],
      ["ben", 4],
      ["cho", 3],
      ["dan", 2],
    ]);
  });

  it("has 3 to 7 key points that include the thread's main claims", () => {
    expect(s.keyPoints.length).toBeGreaterThanOrEqual(3);
    expect(s.keyPoints.length).toBeLessThanOrEqual(7);
    const text = s.keyPoints.map((p) => p.text).join("\n");
    expect(text).toMatch(/10,000 containers of artillery shells/); // claim 1: the shipments
    expect(text).toMatch(/vetoed the renewal of the UN panel of experts/); // claim 2: the veto
    expect(text).toMatch(/sanctions.*(weaker|weakens)|weakens sanctions/); // claim 3: enforcement weakens
    expect(text).not.toMatch(/lol|Thanks everyone|markets are up|count = sum/);
  });

  it("attributes each key point to its author and message", () => {
    const veto = s.keyPoints.find((p) => /vetoed/.test(p.text));
    expect(veto).toMatchObject({ user: "U02BEN", name: "ben", ts: "1700000240.000500" });
  });

  it("says for each key point whether the corpus supports it, with the citation", () => {
    const veto = s.keyPoints.find((p) => /vetoed/.test(p.text));
    expect(veto?.support?.excerpt).toMatch(/panel of experts/);
    expect(veto?.support?.source.title).toMatch(/\S/);
  });

  it("lists the question nobody answered, not the one that was answered", () => {
    expect(s.openQuestions.map((q) => q.text)).toEqual([
      "Does anyone know whether Japan plans new unilateral sanctions in response?",
    ]);
    expect(s.openQuestions[0]).toMatchObject({ user: "U04DAN", name: "dan" });
  });

  it("gives 1 to 3 corpus excerpts on the thread as a whole", () => {
    expect(s.related.length).toBeGreaterThanOrEqual(1);
    expect(s.related.length).toBeLessThanOrEqual(3);
    expect(s.related.map((a) => a.excerpt).join(" ")).toMatch(/panel of experts|10,000 containers/);
  });
});

describe("from the corpus", () => {
  it("shows the excerpts supporting its points when the thread's main words find nothing", () => {
    const s = summary([
      msg("UANA", "Did everyone see that North Korea shipped another batch of artillery shells to Russia?"),
      msg("UBEN", "Yes, the estimate is now over 10,000 containers since last year"),
      msg("UCY", "can you add that figure to the briefing draft?"),
      msg("UANA", "sure, will do by 3pm"),
      msg("UBEN", "What do we know about the technology Russia is giving back?"),
      msg("UCY", "Satellites and maybe submarine tech"),
    ]);
    const supports = s.keyPoints.flatMap((p) => (p.support ? [p.support] : []));
    expect(supports.length).toBeGreaterThan(0);
    const place = (e: { source: { id: string; passage: number } }) => `${e.source.id}#${e.source.passage}`;
    expect(s.related.map(place)).toEqual(expect.arrayContaining(supports.map(place)));
    expect(new Set(s.related.map(place)).size).toBe(s.related.length);
    expect(s.related.length).toBeLessThanOrEqual(3);
  });
});

describe("open questions", () => {
  it("counts a reply from the person mentioned as an answer, whatever its words", () => {
    const s = summary([
      msg("UA", "Pyongyang shipped more artillery shells to Russia this month, officials said.", []),
      msg("UB", "When did the latest shipment leave Rajin port?", ["UC"]),
      msg("UC", "Last Tuesday, by rail."),
    ]);
    expect(s.openQuestions).toEqual([]);
  });

  it("counts a reply addressed by name", () => {
    const s = summary([
      msg("UA", "Pyongyang shipped more artillery shells to Russia this month, officials said."),
      msg("UB", "Ua, where did you read that?"),
      msg("UA", "In the ministry's weekly briefing."),
    ]);
    expect(s.openQuestions).toEqual([]);
  });

  it("counts a later message sharing the question's key terms, and not the asker's own follow-up", () => {
    const s = summary([
      msg("UA", "Which port handles the artillery shipments to Russia?"),
      msg("UA", "I am also curious about the artillery shipments port."),
      msg("UB", "Reports say the artillery shipments leave from the port of Rajin."),
      msg("UC", "What about the drone factories in Yelabuga?"),
    ]);
    expect(s.openQuestions.map((q) => q.text)).toEqual(["What about the drone factories in Yelabuga?"]);
  });
});

/** The project's own chat threads (test/fixtures/summaries/threads.jsonl): everyday chats and analyst threads. */
interface OwnThread {
  id: string;
  kind: "everyday" | "spoken" | "analyst";
  messages: { user: string; text: string }[];
  asks: string[];
}
const ownThreads: OwnThread[] = readFileSync(new URL("../../fixtures/summaries/threads.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const asMessages = (t: OwnThread) => t.messages.map((m) => msg(`U${m.user.toUpperCase()}`, m.text));

describe("key points on threads of several lengths", () => {
  it("has 3 to 7 key points whenever a thread has 6 messages or more, and 1 to 3 below that", () => {
    const lengths = new Set<number>();
    for (const t of ownThreads) {
      const s = summary(asMessages(t));
      lengths.add(t.messages.length);
      const n = s.keyPoints.length;
      if (t.messages.length >= 6) expect([t.id, n >= 3 && n <= 7]).toEqual([t.id, true]);
      else expect([t.id, n >= 1 && n <= 3]).toEqual([t.id, true]);
    }
    expect(Math.min(...lengths)).toBeLessThan(6);
    expect(Math.max(...lengths)).toBeGreaterThan(20);
  });

  it("never makes an acknowledgement a point when there is substance, and keeps a short message whole", () => {
    const s = summary([
      msg("UA", "The van is booked for 9 on Saturday and the new flat is on the 4th floor."),
      msg("UB", "ok"),
      msg("UC", "thanks!"),
      msg("UA", "There is no lift, so we carry everything up the stairs."),
      msg("UB", "lol"),
      msg("UC", "I can bring my dolly and some straps. Kev has a second one."),
    ]);
    const texts = s.keyPoints.map((p) => p.text);
    expect(texts).toContain("I can bring my dolly and some straps. Kev has a second one.");
    expect(texts.filter((t) => /^(ok|thanks!|lol)$/.test(t))).toEqual([]);
    expect(s.keyPoints.length).toBeGreaterThanOrEqual(3);
  });
});

describe("short threads", () => {
  it("gives a thread of a few messages more than its one long message, and counts a reply that opens as answers do", () => {
    const s = summary([
      msg("UE", "are we out of milk?"),
      msg("UF", "yep and eggs"),
      msg("UE", "I'm at the shop, anything else?"),
      msg("UF", "bread pls, the dark one"),
      msg("UE", "ok 👍"),
    ]);
    expect(s.keyPoints.length).toBe(3);
    expect(s.keyPoints.map((p) => p.text)).toContain("are we out of milk?");
    expect(s.keyPoints.map((p) => p.text)).not.toContain("ok 👍");
  });

  it("between two people, takes the other's next turn as the answer, and leaves pleasantries out of points", () => {
    const s = summary([
      msg("UP", "Good morning. You're here for the sales manager position, right?"),
      msg("UQ", "Yes, that's right. Thank you for seeing me."),
      msg("UP", "Why do you want to leave your current job?"),
      msg("UQ", "I enjoy my work, but there isn't much room for promotion at the company."),
      msg("UP", "What salary do you expect?"),
      msg("UQ", "I'd like around 5,000 dollars a month, but I'm open to discussion."),
      msg("UP", "That's within our range. We'll make our decision by Friday."),
      msg("UQ", "Thank you very much."),
    ]);
    expect(s.openQuestions).toEqual([]);
    const texts = s.keyPoints.map((p) => p.text);
    expect(texts).toContain("I'd like around 5,000 dollars a month, but I'm open to discussion.");
    expect(texts.filter((t) => /^(Good morning|Yes, that's right|Thank you)/.test(t))).toEqual([]);
  });

  it("leaves a message's fillers and one-word asides out of its point, and keeps a short figure", () => {
    const s = summary([
      msg("UP", "Can I help you find anything?"),
      msg("UQ", "I'm looking for a wool sweater for my father's birthday next week."),
      msg("UP", "Let me see. Oh, no. We have this navy sweater in stock. It's 65 dollars this week."),
      msg("UQ", "Could you check if you have it in a large size?"),
      msg("UP", "Here you are. This large navy sweater is the last one in the shop."),
      msg("UQ", "Great, I will take the navy sweater and pay by card."),
    ]);
    const texts = s.keyPoints.map((p) => p.text);
    expect(texts.some((t) => /^We have this navy sweater in stock\. It's 65 dollars this week\.$/.test(t))).toBe(true);
    expect(texts.filter((t) => /Let me see|Oh, no|Here you are/.test(t))).toEqual([]);
  });

  it("takes a question as answered when the next reply opens with an interjection and an answer", () => {
    const s = summary([
      msg("UM", "porto + a day trip to the douro valley?"),
      msg("UN", "omg yes wine"),
      msg("UO", "10:30 at the usual place?"),
      msg("UM", "perfect, see u there"),
    ]);
    expect(s.openQuestions).toEqual([]);
  });
});

describe("asked to do", () => {
  const s = summary([
    msg("UJ", "Draft structure for the sanctions explainer: panel of experts, oil, arms transfers."),
    msg("UP", "The veto is the news hook; everything else follows from there being no monitor."),
    msg("UJ", "Priti, can you take the sanctions section?"),
    msg("UP", "sure"),
    msg("UM", "Does the new monitoring team have any access to North Korean ports at all?"),
    msg("UJ", "coffee first, then existential questions"),
    msg("UJ", "Please send me the draft by Friday so we have Monday for edits."),
  ]);

  it("lists requests and tasks with who asked, and never as open questions", () => {
    expect(s.askedToDo.map((a) => [a.text, a.user])).toEqual([
      ["Priti, can you take the sanctions section?", "UJ"],
      ["Please send me the draft by Friday so we have Monday for edits.", "UJ"],
    ]);
    expect(s.openQuestions.map((q) => q.text)).toEqual([
      "Does the new monitoring team have any access to North Korean ports at all?",
    ]);
  });

  it("recognises requests in the ways people put them, and not statements or offers", () => {
    for (const ask of [
      "Mia, could you check the shipment numbers against the annex?",
      "Anna can you order a cake? you know what she likes",
      "yes please!! can you bring them friday evening?",
      "draft at 4 pls, we're publishing tomorrow morning",
      "ok dont panic. hold the power button until it turns off",
      "Could I borrow yours?",
      "don't forget to water the plants",
      "Maybe Ravi could send them? they're in the shared folder",
      "forgot my badge at home 🙃 can someone let me in at the side door?",
      "thanks! tom can you sort the internet transfer?",
      "booked!! can everyone send me 210 by end of the week?",
      "bread pls, the dark one",
      "ok fine, can you sign for it?",
      "Why don't you call Mr. Lin directly?",
      "I was wondering if you could water our plants while we're gone.",
      "Would you be able to walk Biscuit twice a day?",
    ]) {
      expect([ask, isRequest(ask)]).toEqual([ask, true]);
    }
    for (const statement of [
      "I can book it for Saturday.",
      "we should get her something from the team",
      "you can print them at the hotel desk, or I can print them at work",
      "yes pls.",
      "omg yes pls.",
      "how can you say that?",
      "Would you like it gift-wrapped?",
      "What would you like to drink?",
      "Could you tell me how to get to the City Museum?",
      "Will you be home this afternoon?",
      "sure, bring it to the table and I'll fix it between courses",
      "Can you believe the price of eggs?",
      "The shells are going to Russian artillery units.",
    ]) {
      expect([statement, isRequest(statement)]).toEqual([statement, false]);
    }
  });
});

describe("corpus support only when it supports", () => {
  it("never gives a North Korea–Russia excerpt to everyday chat", () => {
    const everyday = ownThreads.filter((t) => t.kind !== "analyst");
    expect(everyday.length).toBeGreaterThanOrEqual(20);
    let points = 0;
    for (const t of everyday) {
      const s = summary(asMessages(t));
      points += s.keyPoints.length;
      expect([t.id, s.keyPoints.filter((p) => p.support).map((p) => p.text)]).toEqual([t.id, []]);
      expect([t.id, s.related.length]).toEqual([t.id, 0]);
    }
    expect(points).toBeGreaterThan(80);
  });

  it("needs the point's own specific words in the excerpt, not related or corrected ones", () => {
    const s = summary([
      msg("UA", "I need help with my computer, it keeps freezing."),
      msg("UB", "Actually it might be the memory. Did you run the check?"),
      msg("UA", "Actually no, I will run it tonight and send you the log."),
    ]);
    expect(s.keyPoints.filter((p) => p.support)).toEqual([]);
    // Two words in common by chance ("economic", "history") are not a phrase or three words in common.
    const course = summary([
      msg("UA", "I'm not sure whether to take Advanced Statistics or Economic History next term."),
      msg("UB", "What do you want to do after your degree?"),
      msg("UA", "Probably something in finance or a bank."),
    ]);
    expect(course.keyPoints.filter((p) => p.support)).toEqual([]);
  });

  it("does not count the names of the subject's actors as shared content", () => {
    // Whatever the corpus answers, with confidence: only what the point and the excerpt share decides.
    const excerpt = (text: string): AnswerResult => ({
      query: "",
      confident: true,
      answers: [
        {
          excerpt: text,
          source: { id: "x", title: "X", author: null, section: null, passage: 1, outlet: null, date: null, url: null },
          score: 1,
          context: text,
          matched: [],
          highlight: [],
          standing: "answer",
        },
      ] as AnswerResult["answers"],
      notice: null,
      suggestions: null,
    });
    const points = (said: string, corpus: string) => {
      const r = summarizeThread(
        [msg("UA", said), msg("UB", "Pyongyang and Moscow, again."), msg("UC", "noted")],
        kb.analyzer,
        () => excerpt(corpus),
      );
      if (!r.ok) throw new Error(r.message);
      return r.summary.keyPoints.filter((p) => p.support).map((p) => p.text);
    };
    const said = "Pyongyang and Moscow only confirmed the deployment in late April, after Putin spoke.";
    expect(points(said, "Putin told Pyongyang that Moscow had confirmed nothing yet.")).toEqual([]);
    // The same point supported by an excerpt that shares what it says: the confirmed deployment.
    expect(points(said, "Moscow confirmed the deployment of troops from Pyongyang in late April.")).toEqual([said]);
  });

  it("says in one line which points the corpus supports", () => {
    const point = (support: boolean) => ({
      text: "x",
      user: "U",
      name: "u",
      ts: "1",
      support: support ? (kb.answer("Who vetoed the UN panel of experts?").answers[0] ?? null) : null,
    });
    expect(supportNote([point(false), point(true), point(false), point(true)])).toBe(
      "The corpus supports points 2 and 4; it has nothing on the others.",
    );
    expect(supportNote([point(false), point(false)])).toBe("The corpus has nothing on these points.");
    expect(supportNote([point(true), point(true)])).toBe("The corpus supports every point.");
  });
});

describe("key point coverage", () => {
  it("does not pick the same point twice when it is repeated, so other sub-topics appear", () => {
    const repeated = "Russia received artillery shells from North Korea for the war in Ukraine.";
    const s = summary([
      msg("UA", repeated),
      msg("UB", repeated),
      msg("UC", `Indeed. ${repeated}`),
      msg("UD", "Separately, North Korean workers are building drones in a Russian factory at Yelabuga."),
      msg("UE", "China worries that the partnership pulls North Korea away from Beijing's influence."),
    ]);
    const shells = s.keyPoints.filter((p) => p.text.includes("received artillery shells"));
    expect(shells).toHaveLength(1);
    expect(s.keyPoints.map((p) => p.text).join(" ")).toMatch(/Yelabuga/);
    expect(s.keyPoints.map((p) => p.text).join(" ")).toMatch(/Beijing/);
  });
});

describe("threads that cannot be summarized", () => {
  it.each([
    ["no messages", [], "empty"],
    ["one message", [msg("UA", "Russia shipped fuel to North Korea.")], "single"],
    ["only emoji and links", [msg("UA", ""), msg("UB", " "), msg("UC", "")], "no_text"],
  ])("%s: a clear reason in words", (_name, messages, reason) => {
    const r = kb.summarizeThread(messages as ThreadMessage[]);
    expect(r).toMatchObject({ ok: false, reason });
    expect(r.ok ? "" : r.message).toMatch(/\w{5}/);
  });
});

describe("centrality", () => {
  it("links exactly the pairs whose cosine reaches the threshold, each once, with that cosine", () => {
    const words = ["russia", "shell", "front", "rail", "port", "sanction", "panel", "veto"];
    // Sentences of two to five words drawn in a fixed pattern, with repeats and overlaps.
    const lists = Array.from({ length: 40 }, (_, i) =>
      Array.from({ length: 2 + (i % 4) }, (_, k) => words[(i * 3 + k * (1 + (i % 3))) % words.length] as string),
    );
    const vectors = tfidfVectors(lists);
    const graph = similarities(vectors, 0.2);
    const linked = new Map<string, number>();
    for (let e = 0; e < graph.weights.length; e++) {
      const [i, j] = [graph.ends[2 * e] as number, graph.ends[2 * e + 1] as number];
      expect(i).toBeLessThan(j);
      linked.set(`${i}-${j}`, graph.weights[e] as number);
    }
    expect(linked.size).toBe(graph.weights.length);
    const expected = new Map<string, number>();
    for (let i = 0; i < vectors.length; i++) {
      for (let j = i + 1; j < vectors.length; j++) {
        const c = cosine(vectors[i] as Map<string, number>, vectors[j] as Map<string, number>);
        if (c >= 0.2) expected.set(`${i}-${j}`, c);
      }
    }
    expect(expected.size).toBeGreaterThan(40); // a graph worth checking, not a handful of links
    expect([...linked.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, c] of expected) expect(linked.get(k)).toBeCloseTo(c, 10);
  });

  it("ranks the sentence most similar to the others highest", () => {
    const vectors = tfidfVectors([
      ["russia", "shell", "artilleri"],
      ["russia", "shell", "front"],
      ["russia", "artilleri", "front", "shell"],
      ["weather", "sunni", "beach"],
    ]);
    const scores = lexRank(similarities(vectors, 0.01));
    const best = scores.indexOf(Math.max(...scores));
    expect(best).toBe(2);
    expect(scores[3]).toBeLessThan(scores[0] as number);
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });
});
