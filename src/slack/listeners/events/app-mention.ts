/**
 * `@nkru <question>` in a channel: the answer goes in a thread under the mention (or
 * in the thread the mention was made in), visible to everyone there.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { slackToPlain } from "../../mrkdwn.js";
import { replyTo } from "../replies.js";
import { postReply } from "../reply.js";

export function appMention(deps: SlackDeps) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs): Promise<void> => {
    const ownMention = context.botUserId ? new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, "g") : /^$/;
    const text = slackToPlain((event.text ?? "").replace(ownMention, " "));
    const target = { channel: event.channel, threadTs: event.thread_ts ?? event.ts, user: event.user ?? null };
    const state = deps.knowledge.current ?? (await deps.knowledge.ready());
    let message: ReturnType<typeof replyTo>["message"];
    try {
      const reply = replyTo(text, state, deps, "mention");
      message = reply.message;
      context.outcome = reply.outcome;
    } catch (error) {
      deps.logger.error({ err: error }, "answering a mention failed");
      message = { text: MSG.genericFailure, blocks: [] };
      context.outcome = "error";
    }
    const failed = await postReply(client, target, message, deps.logger);
    if (failed) context.outcome = `post_failed:${failed}`;
  };
}
