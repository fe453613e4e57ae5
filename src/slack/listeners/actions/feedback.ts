/**
 * 👍 / 👎 on an answer: recorded in the store with the question, the cited passages,
 * the user and the time, one vote per person per answer (a second click changes it).
 * A 👎 opens a short, optional "What was wrong?" dialog (feedback-reason.ts). A private
 * answer is redrawn with thanks in place of the buttons; on a shared answer the thanks
 * go privately to the voter.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { answerKey } from "../../../store/store.js";
import { ACTIONS, answerMessage } from "../../blocks/answer.js";
import { reasonDialog } from "../../blocks/feedback.js";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { reanswer } from "./reanswer.js";

export function feedback(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
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
    const cited = result.answers.map((a) => `${a.source.id}#${a.source.passage}`);
    const answer = answerKey(question, cited);
    try {
      await deps.store.recordFeedback({
        at: deps.clock().toISOString(),
        user: body.user.id,
        answer,
        vote,
        question,
        cited,
        channel: body.channel?.id ?? null,
      });
    } catch (error) {
      context.outcome = "error";
      deps.logger.error({ err: error }, "could not record feedback");
      await respond({ response_type: "ephemeral", replace_original: false, text: MSG.feedbackFailed });
      return;
    }
    context.outcome = `feedback_${vote}`;
    if (vote === "down" && body.trigger_id) {
      // Optional, and never in the way: if the dialog cannot open, the vote is kept all the same.
      await client.views
        .open({ trigger_id: body.trigger_id, view: reasonDialog(answer) })
        .catch((error: unknown) => deps.logger.warn({ err: error }, "could not open the feedback dialog"));
    }
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
