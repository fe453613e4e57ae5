/**
 * 👍 / 👎 on an answer: recorded in the store with the question, the cited passages,
 * the user and the time. A private answer is redrawn with thanks in place of the
 * buttons; on a shared answer the thanks go privately to the voter.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { ACTIONS, answerMessage } from "../../blocks/answer.js";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { reanswer } from "./reanswer.js";

export function feedback(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
    context,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const again = await reanswer(action.value, deps);
    if (!again) {
      context.outcome = "error";
      await respond({ response_type: "ephemeral", replace_original: false, text: MSG.feedbackFailed });
      return;
    }
    const { question, result } = again;
    const vote = action.action_id === ACTIONS.feedbackUp ? "up" : "down";
    try {
      await deps.store.recordFeedback({
        at: deps.clock().toISOString(),
        user: body.user.id,
        vote,
        question,
        cited: result.answers.map((a) => `${a.source.id}#${a.source.passage}`),
        channel: body.channel?.id ?? null,
      });
    } catch (error) {
      context.outcome = "error";
      deps.logger.error({ err: error }, "could not record feedback");
      await respond({ response_type: "ephemeral", replace_original: false, text: MSG.feedbackFailed });
      return;
    }
    context.outcome = `feedback_${vote}`;
    const isPrivate = (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true;
    if (isPrivate) {
      await respond({
        replace_original: true,
        ...answerMessage({
          result,
          buttons: { share: true, feedback: true, context: true },
          thanks: MSG.feedbackThanks,
        }),
      });
    } else {
      await respond({ response_type: "ephemeral", replace_original: false, text: MSG.feedbackThanks });
    }
  };
}
