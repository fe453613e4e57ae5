/**
 * `/nkru [question | help | sources | status | digest … | reindex]`. The reply goes in
 * the acknowledgement itself, shown only to the asker; while the corpus is still
 * loading, or while re-indexing, nkru acknowledges at once and replies through
 * response_url when it is done.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { slackToPlain } from "../../mrkdwn.js";
import { replyInTurn } from "../replies.js";
import { digestCommand, isDigestCommand, isReindexCommand, reindex, reindexRefusal } from "./digest-commands.js";

export function nkruCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = slackToPlain(command.text ?? "");
    if (isDigestCommand(text)) {
      const reply = await digestCommand(text, command.channel_id, deps).catch((error: unknown) => {
        deps.logger.error({ err: error }, "digest command failed");
        return { message: { text: MSG.genericFailure, blocks: [] }, outcome: "error" };
      });
      context.outcome = reply.outcome;
      await ack({ response_type: "ephemeral", ...reply.message });
      return;
    }
    if (isReindexCommand(text)) {
      const refusal = reindexRefusal(command.user_id, deps);
      if (refusal) {
        context.outcome = "reindex_refused";
        await ack({ response_type: "ephemeral", ...refusal });
        return;
      }
      await ack({ response_type: "ephemeral", text: "Re-indexing the corpus; I'll tell you here when it's done." });
      const reply = await reindex(deps);
      context.outcome = reply.outcome;
      await respond({ response_type: "ephemeral", replace_original: true, ...reply.message });
      return;
    }
    const state = deps.knowledge.current;
    if (state) {
      let reply: Awaited<ReturnType<typeof replyInTurn>>;
      try {
        reply = await replyInTurn(text, state, deps, "command");
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
    const reply = await replyInTurn(text, ready, deps, "command");
    context.outcome = `${reply.outcome}_late`;
    await respond({ response_type: "ephemeral", replace_original: true, ...reply.message });
  };
}
