/**
 * `@nkru <question | subcommand>` in a channel: the reply goes in a thread under the
 * mention (or in the thread the mention was made in), visible to everyone there.
 * `@nkru summarize` (or "summary", "tl;dr") inside a thread posts the thread's summary there.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { questionText, replyAndPost } from "../replies.js";

export function appMention(deps: SlackDeps) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs): Promise<void> => {
    const text = questionText(event.text, context.botUserId);
    const user = event.user ?? null;
    const target = { channel: event.channel, threadTs: event.thread_ts ?? event.ts, user };
    await replyAndPost(client, deps, context, text, target, {
      where: "mention",
      channel: event.channel,
      user: user ?? "",
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
    });
  };
}
