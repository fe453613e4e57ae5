/**
 * An answer as a Slack message: the question, each excerpt quoted with the question's
 * words in bold and its citation, a sources line, and the buttons that fit where it
 * is shown. Pure: the same result always gives the same blocks.
 */
import type { AnswerResult, Excerpt } from "../../core/types.js";
import { MSG } from "../messages.js";
import { boldWords, escapeText, quote, truncate } from "../mrkdwn.js";
import { citationText, context } from "./kit.js";
import { type Block, fitMessage, type Message } from "./limits.js";

export const ACTIONS = {
  share: "share_answer",
  showContext: "show_context",
  feedbackUp: "feedback_up",
  feedbackDown: "feedback_down",
} as const;

export interface AnswerButtons {
  /** "Share in channel": only on the private answer to a slash command. */
  readonly share: boolean;
  /** 👍 / 👎. */
  readonly feedback: boolean;
  /** "Show context" beside each excerpt. */
  readonly context: boolean;
}

export interface AnswerView {
  readonly result: AnswerResult;
  readonly buttons: AnswerButtons;
  /** Shown as "Asked by @user" when an answer is shared in a channel. */
  readonly askedBy?: string | null;
  /** Replaces the feedback buttons with thanks once the user has voted. */
  readonly thanks?: string | null;
  /** Example questions for the no-answer reply. */
  readonly examples?: readonly string[];
}

/** The payload carried by the share and feedback buttons: the question, re-answered on click. */
export function questionValue(question: string): string {
  return JSON.stringify({ q: truncate(question, 1500) });
}

export function parseQuestionValue(value: string | undefined): string | null {
  try {
    const v = JSON.parse(value ?? "") as { q?: unknown };
    return typeof v.q === "string" ? v.q : null;
  } catch {
    return null;
  }
}

/** The excerpts a reader sees: the answer and the related ones, not the weak. */
export function shownExcerpts(result: AnswerResult) {
  return result.answers.filter((a) => a.standing !== "weak");
}

function fallbackText(result: AnswerResult): string {
  if (!result.confident) return escapeText(`${result.query}: ${result.notice ?? MSG.noAnswerLead}`);
  const lines = shownExcerpts(result).map(
    (a, i) => `${i + 1}. ${a.excerpt} (${[a.source.title, a.source.outlet].filter(Boolean).join(", ")})`,
  );
  return escapeText(`${result.query}\n${lines.join("\n")}`);
}

export function answerMessage(view: AnswerView): Message {
  const { result, buttons } = view;
  const blocks: Block[] = [];
  const question = escapeText(truncate(result.query || "(empty question)", 300));

  if (!result.confident) {
    // One sentence that says so (the answerer's notice says why, in one), then what the corpus does cover.
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*${question}*\n${escapeText(result.notice ?? MSG.noAnswerLead)}` },
    });
    const s = result.suggestions;
    if (s?.topics.length) {
      blocks.push({
        type: "section",
        text: { type: "mrkdwn", text: `*The corpus covers* ${escapeText(s.topics.join(", "))}.` },
      });
    }
    if (view.examples?.length) {
      blocks.push(
        context(`Questions it answers: ${view.examples.map((e) => `\`/nkru ${escapeText(e)}\``).join("  ")}`),
      );
    }
    return fitMessage({ text: fallbackText(result), blocks });
  }

  blocks.push({ type: "section", text: { type: "mrkdwn", text: `*${question}*` } });
  if (view.askedBy) blocks.push(context(`Asked by <@${view.askedBy}> with \`/nkru\``));
  // Weak excerpts stay in the JSON; a reader sees the answer and what is close to it.
  shownExcerpts(result).forEach((a, i) => {
    blocks.push({
      type: "section",
      block_id: `excerpt_${i}`,
      text: { type: "mrkdwn", text: quote(boldWords(a.excerpt, a.highlight)) },
      ...(buttons.context
        ? {
            accessory: {
              type: "button",
              action_id: ACTIONS.showContext,
              text: { type: "plain_text", text: "Show context" },
              value: `${a.source.id}#${a.source.passage}`,
            },
          }
        : {}),
    });
    blocks.push(context(`${i + 1}. ${a.standing === "related" ? "Related · " : ""}${citationText(a.source)}`));
  });
  // Each excerpt names its source right under it; a "Sources:" line would only repeat them.
  if (result.notice) blocks.push(context(escapeText(result.notice)));

  if (view.thanks) blocks.push(context(escapeText(view.thanks)));
  const elements = [];
  if (buttons.share) {
    elements.push({
      type: "button" as const,
      action_id: ACTIONS.share,
      style: "primary" as const,
      text: { type: "plain_text" as const, text: "Share in channel" },
      value: questionValue(result.query),
    });
  }
  if (buttons.feedback && !view.thanks) {
    elements.push(
      {
        type: "button" as const,
        action_id: ACTIONS.feedbackUp,
        text: { type: "plain_text" as const, text: "👍", emoji: true },
        value: questionValue(result.query),
        accessibility_label: "Helpful answer",
      },
      {
        type: "button" as const,
        action_id: ACTIONS.feedbackDown,
        text: { type: "plain_text" as const, text: "👎", emoji: true },
        value: questionValue(result.query),
        accessibility_label: "Not helpful",
      },
    );
  }
  if (elements.length) blocks.push({ type: "actions", block_id: "answer_actions", elements });
  return fitMessage({ text: fallbackText(result), blocks });
}

/** The whole passage behind an excerpt, for "Show context". */
/** "Show context": the passage with the one before it (dimmed), so what it points back to is there. */
export function contextMessage(e: Pick<Excerpt, "source" | "context"> & { readonly before?: string | null }): Message {
  const chunksOf = (text: string) => {
    const chunks: string[] = [];
    let rest = text;
    while (rest.length > 0) {
      const piece = truncate(rest, 2800).replace(/…$/, "");
      chunks.push(piece);
      rest = rest.slice(piece.length).trimStart();
    }
    return chunks;
  };
  const blocks: Block[] = [context(`Context · ${citationText(e.source)}`)];
  if (e.before) blocks.push(context(`Before: ${escapeText(truncate(e.before, 1500))}`));
  blocks.push(
    ...chunksOf(e.context).map(
      (c): Block => ({ type: "section", text: { type: "mrkdwn", text: quote(escapeText(c)) } }),
    ),
  );
  return fitMessage({ text: escapeText(truncate(e.context, 3000)), blocks });
}
