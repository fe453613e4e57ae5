/**
 * A thread summary as a Slack message: who took part, the key points (each attributed
 * and linked, with the corpus excerpt that supports it, and one line saying which
 * points the corpus supports), what people were asked to do, open questions, and
 * the corpus's excerpts on the thread. Names are plain text, never mentions: a summary pings nobody.
 */
import { supportNote, type ThreadSummary } from "../../core/summarize/summarize-thread.js";
import { boldWords, escapeText, quote, truncate } from "../mrkdwn.js";
import { citationText, context, section } from "./kit.js";
import { type Block, fitMessage, type Message } from "./limits.js";

/** `link(ts)` gives a message's permalink, or null when none is known. */
/** `read` is how many messages were read when the thread went on past the page cap (see read-thread.ts). */
export function summaryMessage(
  s: ThreadSummary,
  link: (ts: string) => string | null,
  read: { readonly truncated: boolean; readonly messages: number } = { truncated: false, messages: 0 },
): Message {
  const names = s.participants.map((p) => escapeText(p.name));
  const people = `${s.participants.length} ${s.participants.length === 1 ? "person" : "people"}`;
  const by = (name: string, ts: string) => {
    const url = link(ts);
    return `_${escapeText(name)}_${url ? ` · <${url}|view>` : ""}`;
  };
  const blocks: Block[] = [
    ...(read.truncated
      ? [
          context(
            `This thread is longer than I read in one go, so this summarizes its first ${read.messages.toLocaleString("en-US")} messages.`,
          ),
        ]
      : []),
    section(`*Thread summary*: ${s.messageCount} messages from ${people} (${names.join(", ")})`),
    section("*Key points*"),
  ];
  s.keyPoints.forEach((p, i) => {
    blocks.push(section(`${i + 1}. ${escapeText(p.text)} ${by(p.name, p.ts)}`));
    if (p.support) {
      blocks.push(
        context(`The corpus: “${escapeText(truncate(p.support.excerpt, 220))}” ${citationText(p.support.source)}`),
      );
    }
  });
  if (s.keyPoints.length) blocks.push(context(supportNote(s.keyPoints)));
  if (s.askedToDo.length) {
    const whom = (ids: readonly string[]) =>
      ids.length
        ? ` (asked of ${ids.map((id) => escapeText(s.participants.find((p) => p.user === id)?.name ?? "someone")).join(", ")})`
        : "";
    blocks.push(
      section(
        `*Asked to do*\n${s.askedToDo.map((a) => `• ${escapeText(a.text)}${whom(a.asked)} ${by(a.name, a.ts)}`).join("\n")}`,
      ),
    );
  }
  blocks.push(
    section(
      s.openQuestions.length
        ? `*Open questions*\n${s.openQuestions.map((q) => `• ${escapeText(q.text)} ${by(q.name, q.ts)}`).join("\n")}`
        : "*Open questions*\nNone: every question in the thread got a reply.",
    ),
  );
  if (s.related.length) {
    blocks.push(section("*From the corpus*"));
    s.related.forEach((a, i) => {
      blocks.push(section(quote(boldWords(a.excerpt, a.matched))));
      blocks.push(context(`${i + 1}. ${citationText(a.source)}`));
    });
  } else {
    blocks.push(section("*From the corpus*\nThe corpus has nothing on this thread's topic."));
  }
  const text = `Thread summary: ${s.keyPoints.map((p) => p.text).join(" ")}`;
  return fitMessage({ text: escapeText(text), blocks });
}
