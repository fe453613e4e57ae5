/**
 * `/nkru [question | help | sources | status]`. The reply goes in the acknowledgement
 * itself, shown only to the asker; while the corpus is still loading, nkru acknowledges
 * at once and answers through response_url when it is ready.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { slackToPlain } from "../../mrkdwn.js";
import { replyTo } from "../replies.js";

export function nkruCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = slackToPlain(command.text ?? "");
    const state = deps.knowledge.current;
    if (state) {
      let reply: ReturnType<typeof replyTo>;
      try {
        reply = replyTo(text, state, deps, "command");
      } catch (error) {
        deps.logger.error({ err: error }, "answering /nkru failed");
        context.outcome = "error";
        await ack({ response_type: "ephemeral", text: MSG.genericFailure });
        return;
      }
      context.outcome = reply.outcome;
      await ack({ response_type: "ephemeral", ...reply.message });
      return;
    }
    await ack({ response_type: "ephemeral", text: MSG.loading });
    const ready = await deps.knowledge.ready();
    const reply = replyTo(text, ready, deps, "command");
    context.outcome = `${reply.outcome}_late`;
    await respond({ response_type: "ephemeral", replace_original: true, ...reply.message });
  };
}
