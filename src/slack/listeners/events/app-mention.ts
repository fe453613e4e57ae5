/**
 * `@nkru <question>` in a channel: the answer goes in a thread under the mention (or
 * in the thread the mention was made in), visible to everyone there.
 * `@nkru summarize` (or "summary", "tl;dr") inside a thread posts the thread's summary there.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { directoryFor } from "../../thread/read-thread.js";
import { answerAndPost, questionText } from "../replies.js";
import { postReply } from "../reply.js";
import { SUMMARY_REQUEST, summarizeToMessage } from "../summarize.js";

export function appMention(deps: SlackDeps) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs): Promise<void> => {
    const text = questionText(event.text, context.botUserId);
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
    await answerAndPost(client, deps, context, text, target, "mention");
  };
}
