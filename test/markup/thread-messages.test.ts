import { describe, expect, it } from "vitest";
import { markupToPlain, mentionedUsers, toThreadMessages } from "../../src/markup/thread-messages.js";

const names = new Map([
  ["U1", "Ana Kim"],
  ["U2", "ben"],
]);

describe("markupToPlain", () => {
  it("turns user and channel mentions into names", () => {
    expect(markupToPlain("<@U1> and <@U2|bob> in <#C1|general>, <#C2>", { names })).toBe(
      "@Ana Kim and @ben in #general, #channel",
    );
  });

  it("keeps a link's label and drops a bare link", () => {
    expect(markupToPlain("see <https://x.example/a|the report> and <https://y.example>.", { names })).toBe(
      "see the report and .",
    );
  });

  it("drops emoji codes, emoji and broadcasts", () => {
    expect(markupToPlain("<!here> shells :rocket: arrived 🚀🇰🇵 :+1::skin-tone-2:", { names })).toBe("shells arrived");
  });

  it("keeps code blocks out of the text and unwraps inline code", () => {
    expect(markupToPlain("Run this:\n```\nrm -rf /\n```\nthen `count` them.", { names })).toBe(
      "Run this:\nthen count them.",
    );
  });

  it("removes bold/italic/strike markers and quote marks, and unescapes entities", () => {
    expect(markupToPlain("&gt; quoted *bold* _it_ ~gone~ &amp; &lt;x&gt;", { names })).toBe(
      "quoted bold it gone & <x>",
    );
  });
});

describe("toThreadMessages", () => {
  it("keeps people's messages and leaves out bots and notices", () => {
    const out = toThreadMessages(
      [
        { ts: "1", user: "U1", text: "Hello <@U2>" },
        { ts: "2", user: "U9", subtype: "channel_join", text: "<@U9> has joined" },
        { ts: "3", bot_id: "B1", subtype: "bot_message", text: "beep" },
        { ts: "4", user: "UBOT", bot_id: "B2", text: "an app's own message" },
        { ts: "5", user: "U2", subtype: "thread_broadcast", text: "also sent to channel" },
      ],
      names,
    );
    expect(out).toEqual([
      { ts: "1", user: "U1", name: "Ana Kim", text: "Hello @ben", mentions: ["U2"] },
      { ts: "5", user: "U2", name: "ben", text: "also sent to channel", mentions: [] },
    ]);
  });

  it("finds mentions", () => {
    expect(mentionedUsers("<@U1> <@U2|x> <@U1>")).toEqual(["U1", "U2"]);
  });
});
