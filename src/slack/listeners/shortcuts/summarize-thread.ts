/** The "Summarize thread" message shortcut. */
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";

export function summarizeThread(deps: SlackDeps) {
  return async ({ ack, respond, context }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs) => {
    await ack();
    context.outcome = "unavailable";
    void deps;
    await respond({ response_type: "ephemeral", text: MSG.summariesUnavailable });
  };
}
