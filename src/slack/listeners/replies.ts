/**
 * What nkru replies to a piece of text, wherever it was asked: help, sources, status
 * or an answer. Shared by the slash command, mentions and direct messages.
 */
import type { WebClient } from "@slack/web-api";
import type { KnowledgeState } from "../../knowledge-holder.js";
import { TurnQueue } from "../../runtime/turn-queue.js";
import { type AnswerButtons, answerMessage } from "../blocks/answer.js";
import { helpMessage, sourcesMessage, statusMessage } from "../blocks/info.js";
import type { Message } from "../blocks/limits.js";
import type { SlackDeps } from "../deps.js";
import { MSG } from "../messages.js";
import { slackToPlain } from "../mrkdwn.js";
import { postReply, type ReplyTarget } from "./reply.js";

/** One queue for the process: the event loop it shares out is the process's. */
export const replyTurns = new TurnQueue();

export interface Reply {
  readonly message: Message;
  /** For the request log: help, sources, status, answered, not_confident. */
  readonly outcome: string;
}

export type Where = "command" | "mention" | "dm";

const BUTTONS: Record<Where, AnswerButtons> = {
  command: { share: true, feedback: true, context: true },
  mention: { share: false, feedback: true, context: true },
  dm: { share: false, feedback: true, context: true },
};

export function statusInfo(deps: SlackDeps) {
  const state = deps.knowledge.current;
  return {
    documents: state?.kb.corpus.documents.length ?? 0,
    passages: state?.kb.corpus.passages.length ?? 0,
    loadedAt: state?.loadedAt ?? null,
    loadMs: state?.loadMs ?? null,
    indexOrigin: state?.kb.indexOrigin ?? null,
    skipped: state?.kb.corpus.skipped ?? [],
    lastError: deps.knowledge.lastError,
    digest: deps.digestSchedule(),
    now: deps.clock(),
  };
}

/** The sources list is the same for every asker until the corpus changes: 10 ms to lay out at 2,000 documents. */
const sourcesMessages = new WeakMap<KnowledgeState["kb"], Message>();
function sourcesOf(kb: KnowledgeState["kb"]): Message {
  let message = sourcesMessages.get(kb);
  if (!message) {
    message = sourcesMessage(kb.sources());
    sourcesMessages.set(kb, message);
  }
  return message;
}

/**
 * {@link replyTo} in turn (see turn-queue.ts). Every listener that answers or
 * summarizes runs its work through {@link replyTurns}, so a burst of questions never
 * keeps new connections waiting.
 */
export function replyInTurn(text: string, state: KnowledgeState, deps: SlackDeps, where: Where): Promise<Reply> {
  return replyTurns.run(() => replyTo(text, state, deps, where));
}

/** The reply to `text` (already plain words), from the given knowledge base. */
export function replyTo(text: string, state: KnowledgeState, deps: SlackDeps, where: Where): Reply {
  const word = text.trim().toLowerCase();
  const kb = state.kb;
  if (word === "" || word === "help") {
    return {
      message: helpMessage(kb.examples(3), word === "" && where !== "command" ? MSG.emptyQuestion : undefined),
      outcome: "help",
    };
  }
  if (word === "sources") return { message: sourcesOf(kb), outcome: "sources" };
  if (word === "status") return { message: statusMessage(statusInfo(deps)), outcome: "status" };
  const result = kb.answer(text);
  // The question log feeds the digest's "most asked" footer; it never holds who asked.
  // Tracked as work under way, so a shutdown finishes the write; never awaited by the reply.
  void deps.inFlight.track(
    deps.store
      .recordQuestion({ at: deps.clock().toISOString(), question: result.query, confident: result.confident })
      .catch((error: unknown) => deps.logger.warn({ err: error }, "could not log a question")),
  );
  return {
    message: answerMessage({ result, buttons: BUTTONS[where], examples: result.confident ? [] : kb.examples(2) }),
    outcome: result.confident ? "answered" : "not_confident",
  };
}

/** The text of a message as words, without the bot's own mention. */
export function questionText(raw: string | undefined, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g") : null;
  return slackToPlain(own ? (raw ?? "").replace(own, " ") : (raw ?? ""));
}

/**
 * Answers text from a mention or a direct message and posts the reply where it was
 * asked; `context.outcome` says what happened, for the request log.
 */
export async function answerAndPost(
  client: WebClient,
  deps: SlackDeps,
  context: Record<string, unknown>,
  text: string,
  target: ReplyTarget,
  where: Where,
): Promise<void> {
  const state = deps.knowledge.current ?? (await deps.knowledge.ready());
  let message: Message;
  try {
    const reply = await replyInTurn(text, state, deps, where);
    message = reply.message;
    context.outcome = reply.outcome;
  } catch (error) {
    deps.logger.error({ err: error, where }, "answering failed");
    message = { text: MSG.genericFailure, blocks: [] };
    context.outcome = "error";
  }
  const failed = await postReply(client, target, message, deps.logger);
  if (failed) context.outcome = `post_failed:${failed}`;
}
