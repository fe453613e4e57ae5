/**
 * `@nkru <question>` in a channel: the answer goes in a thread under the mention (or
 * in the thread the mention was made in), visible to everyone there.
 * `@nkru summarize` (or "summary", "tl;dr") inside a thread posts the thread's summary there.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { slackToPlain } from "../../mrkdwn.js";
import { directoryFor } from "../../thread/read-thread.js";
import { replyTo } from "../replies.js";
import { postReply } from "../reply.js";
import { SUMMARY_REQUEST, summarizeToMessage } from "../summarize.js";

export function appMention(deps: SlackDeps) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs): Promise<void> => {
    const ownMention = context.botUserId ? new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, "g") : /^$/;
    const text = slackToPlain((event.text ?? "").replace(ownMention, " "));
    const target = { channel: event.channel, threadTs: event.thread_ts ?? event.ts, user: event.user ?? null };
    if (SUMMARY_REQUEST.test(text)) {
      if (!event.thread_ts) {
        context.outcome = "summary_not_in_thread";
        await postReply(client, target, { text: MSG.summarizeWhere, blocks: [] }, deps.logger);
        return;
      }
      const summary = await summarizeToMessage(client, deps, directoryFor(client), event.channel, event.thread_ts);
      context.outcome = summary.ok ? "summarized" : `summary_failed:${summary.code}`;
      const failed = await postReply(client, target, summary.message, deps.logger);
      if (failed) context.outcome = `post_failed:${failed}`;
      return;
    }
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
