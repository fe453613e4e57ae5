/**
 * What nkru replies to a piece of text, wherever it was asked: a subcommand of the one
 * table (subcommands.ts) or an answer. Shared by the slash command, mentions and
 * direct messages.
 */
import type { WebClient } from "@slack/web-api";
import type { KnowledgeState } from "../../knowledge-holder.js";
import { markupToPlain } from "../../markup/thread-messages.js";
import { TurnQueue } from "../../runtime/turn-queue.js";
import { type AnswerButtons, answerMessage } from "../blocks/answer.js";
import { feedbackReport } from "../blocks/feedback.js";
import { helpMessage, sourcesMessage, statusMessage } from "../blocks/info.js";
import { words } from "../blocks/kit.js";
import type { Message } from "../blocks/limits.js";
import type { SlackDeps } from "../deps.js";
import { MSG } from "../messages.js";
import { mayRun, refusalText } from "../permissions.js";
import { parseRequest, subcommandLines } from "../subcommands.js";
import { directoryFor } from "../thread/read-thread.js";
import { digestCommand, reindex, reindexRefusal } from "./commands/digest-commands.js";
import { addCommand, feedsCommand, removeCommand } from "./commands/ingest-commands.js";
import { postReply, type ReplyTarget } from "./reply.js";
import { summarizeToMessage } from "./summarize.js";

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
    passages: state?.kb.passageCount ?? 0,
    loadedAt: state?.loadedAt ?? null,
    loadMs: state?.loadMs ?? null,
    indexOrigin: state?.kb.indexOrigin ?? null,
    skipped: state?.kb.corpus.skipped ?? [],
    lastError: deps.knowledge.lastError,
    digest: deps.digestSchedule(),
    now: deps.clock(),
  };
}

async function feedSummary(deps: SlackDeps) {
  const { feeds } = await deps.store.feeds();
  return {
    total: feeds.length,
    failing: feeds.filter((f) => f.failures > 0).map((f) => ({ url: f.url, error: f.lastError ?? "failing" })),
  };
}

/** The sources are the same for every asker until the corpus changes: summarised once per knowledge base. */
const sourceLists = new WeakMap<KnowledgeState["kb"], ReturnType<KnowledgeState["kb"]["sources"]>>();
function sourcesOf(kb: KnowledgeState["kb"], text: string): Message {
  let list = sourceLists.get(kb);
  if (!list) {
    list = kb.sources();
    sourceLists.set(kb, list);
  }
  return sourcesMessage(list, Number(/\d+/.exec(text)?.[0] ?? 1));
}

/** Where a text was asked, and what answering it may need of Slack. */
export interface Asked {
  readonly where: Where;
  readonly channel: string;
  readonly user: string;
  /** The thread a mention was made in, for `summarize`. */
  readonly threadTs?: string;
  /** For `summarize`, which reads the thread. */
  readonly client?: WebClient;
}

/**
 * The reply to `text` (already plain words), wherever it was asked: a subcommand from
 * the table (subcommands.ts) or an answer. CPU-heavy work runs in turn (see
 * turn-queue.ts), so a burst of questions never keeps new connections waiting.
 */
export async function replyToText(text: string, state: KnowledgeState, deps: SlackDeps, asked: Asked): Promise<Reply> {
  const parsed = parseRequest(text);
  const prefix = asked.where === "command" ? "/nkru" : "@nkru";
  if (parsed.kind === "question") return replyTurns.run(() => answer(parsed.text, state, deps, asked.where));
  if (parsed.kind === "unknown") {
    return {
      message: helpMessage(
        state.kb.examples(3),
        subcommandLines(prefix),
        `I don't know \`${prefix} ${parsed.text}\`. Did you mean \`${prefix} ${parsed.subcommand.usage}\`?`,
      ),
      outcome: "unknown_subcommand",
    };
  }
  const kb = state.kb;
  switch (parsed.subcommand.name) {
    case "help": {
      const lead = parsed.text === "" && asked.where !== "command" ? MSG.emptyQuestion : undefined;
      const digest = deps.digest
        ? {
            schedule: deps.digestSchedule(),
            channel: asked.channel || null,
            subscribed: (await deps.store.subscriptions()).channels.includes(asked.channel),
          }
        : undefined;
      return replyTurns.run(() => ({
        message: helpMessage(kb.examples(3), subcommandLines(prefix), lead, digest),
        outcome: "help",
      }));
    }
    case "sources":
      return { message: sourcesOf(kb, parsed.text), outcome: "sources" };
    case "status":
      return {
        message: statusMessage({
          ...statusInfo(deps),
          feeds: await feedSummary(deps),
          store: deps.store.description,
          storeProblem: deps.store.degraded,
        }),
        outcome: "status",
      };
    case "digest":
      return digestCommand(parsed.text, asked.channel, deps);
    case "add":
      return addCommand(parsed.text, asked.user, deps);
    case "remove":
      return removeCommand(parsed.text, asked.user, deps);
    case "feeds":
      return feedsCommand(parsed.text, asked.user, deps);
    case "feedback": {
      if (!mayRun("admins", asked.user, deps)) {
        return { message: words(refusalText("admins", "see the feedback")), outcome: "feedback_refused" };
      }
      const now = deps.clock();
      const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
      const [votes, asked7] = await Promise.all([
        deps.store.feedback(since),
        deps.store.questions(since, now.toISOString()),
      ]);
      return {
        message: feedbackReport({ since, votes, unanswered: asked7.filter((q) => !q.confident) }),
        outcome: "feedback_report",
      };
    }
    case "reindex": {
      const refusal = reindexRefusal(asked.user, deps);
      return refusal ? { message: refusal, outcome: "reindex_refused" } : reindex(deps);
    }
    case "summarize": {
      if (asked.where !== "mention" || !asked.threadTs || !asked.client) {
        return { message: words(MSG.summarizeWhere), outcome: "summary_not_in_thread" };
      }
      const client = asked.client;
      const summary = await summarizeToMessage(client, deps, directoryFor(client), asked.channel, asked.threadTs);
      return { message: summary.message, outcome: summary.ok ? "summarized" : `summary_failed:${summary.code}` };
    }
  }
}

/** The answer to a question, from the given knowledge base. */
function answer(text: string, state: KnowledgeState, deps: SlackDeps, where: Where): Reply {
  const kb = state.kb;
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
  return markupToPlain(own ? (raw ?? "").replace(own, " ") : (raw ?? ""), { keepLinks: true }).replace(/\s+/g, " ");
}

/**
 * Replies to text from a mention or a direct message and posts the reply where it was
 * asked; `context.outcome` says what happened, for the request log. A failure inside
 * reaches the front door (middleware/request-log.ts), which tells the user in words.
 */
export async function replyAndPost(
  client: WebClient,
  deps: SlackDeps,
  context: Record<string, unknown>,
  text: string,
  target: ReplyTarget & { readonly user: string | null },
  asked: Omit<Asked, "client">,
): Promise<void> {
  const state = deps.knowledge.current ?? (await deps.knowledge.ready());
  const reply = await replyToText(text, state, deps, { ...asked, client });
  context.outcome = reply.outcome;
  const posted = await postReply(client, target, reply.message, deps.logger, deps.posting);
  if (!posted.ok) context.outcome = `post_failed:${posted.code}`;
}
