/** "Ask about this" under a digest takeaway: the answer on its topic, shown only to whoever clicked. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { answerMessage } from "../../blocks/answer.js";
import type { SlackDeps } from "../../deps.js";
import { replyTurns } from "../replies.js";

export function digestAsk(deps: SlackDeps) {
  return async ({
    ack,
    action,
    respond,
    context,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const state = deps.knowledge.current ?? (await deps.knowledge.ready());
    const result = await replyTurns.run(() => state.kb.answer(action.value ?? ""));
    context.outcome = result.confident ? "answered" : "not_confident";
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      ...answerMessage({
        result,
        buttons: { share: true, feedback: true, context: true },
        examples: result.confident ? [] : state.kb.examples(2),
      }),
    });
  };
}
