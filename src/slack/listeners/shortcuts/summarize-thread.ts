/**
 * The "Summarize thread" message shortcut, on the parent or any reply: the summary is
 * shown only to whoever asked, in that thread. When nkru cannot read or post there,
 * the reason goes back through response_url, which works even outside the channel.
 */
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import { describeSlackError } from "../../api-errors.js";
import type { SlackDeps } from "../../deps.js";
import { directoryFor } from "../../thread/read-thread.js";
import { summarizeToMessage } from "../summarize.js";

export function summarizeThread(deps: SlackDeps) {
  return async ({
    ack,
    shortcut,
    client,
    respond,
    context,
  }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs) => {
    await ack();
    const message = shortcut.message as { ts: string; thread_ts?: string };
    const channel = shortcut.channel.id;
    const threadTs = message.thread_ts ?? message.ts;
    const summary = await summarizeToMessage(client, deps, directoryFor(client), channel, threadTs);
    if (!summary.ok) {
      context.outcome = `summary_failed:${summary.code}`;
      await respond({ response_type: "ephemeral", ...summary.message });
      return;
    }
    try {
      await client.chat.postEphemeral({
        channel,
        user: shortcut.user.id,
        thread_ts: threadTs,
        text: summary.message.text,
        blocks: summary.message.blocks,
      });
      context.outcome = "summarized";
    } catch (error) {
      const described = describeSlackError(error);
      context.outcome = `post_failed:${described.code}`;
      deps.logger.warn({ code: described.code, channel }, "could not post a summary");
      await respond({ response_type: "ephemeral", text: described.message });
    }
  };
}
