/**
 * Feedback that someone reads: the "What was wrong?" dialog a 👎 opens, and the report
 * `/nkru feedback` gives admins (the week's votes, the worst-rated answers, the questions
 * nkru could not answer). Pure builders.
 */
import type { types } from "@slack/bolt";
import { counted } from "../../markup/counts.js";
import type { FeedbackReasonKind, FeedbackRecord, QuestionRecord } from "../../store/store.js";
import { escapeText, truncate } from "../mrkdwn.js";
import { context, section } from "./kit.js";
import { type Block, fitMessage, type Message } from "./limits.js";

export const FEEDBACK_REASON = "feedback_reason";

export const REASONS: Record<FeedbackReasonKind, string> = {
  wrong_excerpt: "The excerpt does not answer the question",
  missing: "The corpus is missing this",
  outdated: "The answer is out of date",
  other: "Something else",
};

export function reasonDialog(answer: string): types.ModalView {
  return {
    type: "modal",
    callback_id: FEEDBACK_REASON,
    private_metadata: answer.slice(0, 3000),
    title: { type: "plain_text", text: "What was wrong?" },
    submit: { type: "plain_text", text: "Send" },
    close: { type: "plain_text", text: "Skip" },
    blocks: [
      {
        type: "input",
        block_id: "kind",
        optional: true,
        label: { type: "plain_text", text: "The answer" },
        element: {
          type: "radio_buttons",
          action_id: "kind",
          options: Object.entries(REASONS).map(([value, text]) => ({ value, text: { type: "plain_text", text } })),
        },
      },
      {
        type: "input",
        block_id: "text",
        optional: true,
        label: { type: "plain_text", text: "Anything to add (optional)" },
        element: { type: "plain_text_input", action_id: "text", multiline: true, max_length: 1000 },
      },
    ],
  };
}

export interface FeedbackReport {
  readonly since: string;
  readonly votes: readonly FeedbackRecord[];
  readonly unanswered: readonly QuestionRecord[];
}

/** The week's votes for admins: counts, reasons, the worst-rated answers, the questions not answered. */
export function feedbackReport(r: FeedbackReport): Message {
  const up = r.votes.filter((v) => v.vote === "up").length;
  const down = r.votes.length - up;
  const reasons = new Map<string, number>();
  for (const v of r.votes)
    if (v.vote === "down" && v.reason?.kind) reasons.set(v.reason.kind, (reasons.get(v.reason.kind) ?? 0) + 1);
  const byAnswer = new Map<
    string,
    { question: string; cited: readonly string[]; up: number; down: number; notes: string[] }
  >();
  for (const v of r.votes) {
    const a = byAnswer.get(v.answer) ?? { question: v.question, cited: v.cited, up: 0, down: 0, notes: [] };
    if (v.vote === "up") a.up++;
    else a.down++;
    if (v.reason?.text) a.notes.push(v.reason.text);
    byAnswer.set(v.answer, a);
  }
  const worst = [...byAnswer.values()]
    .filter((a) => a.down > a.up)
    .sort((a, b) => b.down - b.up - (a.down - a.up))
    .slice(0, 5);
  const unanswered = new Map<string, number>();
  for (const q of r.unanswered) unanswered.set(q.question, (unanswered.get(q.question) ?? 0) + 1);
  const blocks: Block[] = [
    section(
      `*Feedback since ${r.since.slice(0, 10)}:* ${counted(r.votes.length, "vote")}, ${up} 👍 and ${down} 👎${
        reasons.size
          ? `\n👎 because: ${[...reasons].map(([k, n]) => `${REASONS[k as FeedbackReasonKind] ?? k} (${n})`).join(", ")}`
          : ""
      }`,
    ),
  ];
  if (worst.length) {
    blocks.push(
      section(
        `*Worst-rated answers*\n${worst
          .map(
            (a) =>
              `• “${escapeText(truncate(a.question, 150))}” · ${a.down} 👎 ${a.up} 👍 · cited ${escapeText(a.cited.join(", ") || "nothing")}${
                a.notes.length ? `\n   _${escapeText(truncate(a.notes.join(" / "), 300))}_` : ""
              }`,
          )
          .join("\n")}`,
      ),
    );
  }
  if (unanswered.size) {
    const top = [...unanswered].sort((a, b) => b[1] - a[1]).slice(0, 10);
    blocks.push(
      section(
        `*Not answered by the corpus*\n${top.map(([q, n]) => `• “${escapeText(truncate(q, 150))}”${n > 1 ? ` (${n}×)` : ""}`).join("\n")}`,
      ),
    );
  }
  blocks.push(context("Everything, as CSV: `nkru feedback --csv` on the server."));
  return fitMessage({ text: `Feedback: ${up} up, ${down} down`, blocks });
}
