/**
 * A direct message to the bot is a question, answered in the same conversation.
 * Edits, joins, bot messages and the bot's own messages are not questions.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { questionText, replyAndPost } from "../replies.js";

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
    // The user is named so a reply that cannot be posted (too long, Slack failing) is explained privately.
    const user = "user" in event ? (event.user ?? null) : null;
    const target = { channel: event.channel, user, ...(event.thread_ts ? { threadTs: event.thread_ts } : {}) };
    await replyAndPost(client, deps, context, questionText(event.text, context.botUserId), target, {
      where: "dm",
      channel: event.channel,
      user: user ?? "",
    });
  };
}
