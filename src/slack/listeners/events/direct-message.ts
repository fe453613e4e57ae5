/**
 * A direct message to the bot is a question, answered in the same conversation.
 * Edits, joins, bot messages and the bot's own messages are not questions.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { answerAndPost, questionText } from "../replies.js";

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
    const target = { channel: event.channel, ...(event.thread_ts ? { threadTs: event.thread_ts } : {}) };
    await answerAndPost(client, deps, context, questionText(event.text, context.botUserId), target, "dm");
  };
}
