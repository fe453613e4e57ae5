/**
 * A direct message to the bot is a question, answered in the same conversation.
 * Edits, joins, bot messages and the bot's own messages are not questions.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { slackToPlain } from "../../mrkdwn.js";
import { replyTo } from "../replies.js";
import { postReply } from "../reply.js";

export function directMessage(deps: SlackDeps) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs): Promise<void> => {
    if (event.channel_type !== "im" || event.subtype !== undefined) {
      context.outcome = "ignored";
      return;
    }
    if ("bot_id" in event && event.bot_id) {
      context.outcome = "ignored";
      return;
    }
    const ownMention = context.botUserId ? new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, "g") : /^$/;
    const text = slackToPlain((event.text ?? "").replace(ownMention, " "));
    const state = deps.knowledge.current ?? (await deps.knowledge.ready());
    let message: ReturnType<typeof replyTo>["message"];
    try {
      const reply = replyTo(text, state, deps, "dm");
      message = reply.message;
      context.outcome = reply.outcome;
    } catch (error) {
      deps.logger.error({ err: error }, "answering a direct message failed");
      message = { text: MSG.genericFailure, blocks: [] };
      context.outcome = "error";
    }
    const target = { channel: event.channel, ...(event.thread_ts ? { threadTs: event.thread_ts } : {}) };
    const failed = await postReply(client, target, message, deps.logger);
    if (failed) context.outcome = `post_failed:${failed}`;
  };
}
