/**
 * "Share in channel": posts the same answer visibly where the question was asked,
 * crediting the asker, and removes the private copy. Goes through response_url, so it
 * works in channels the bot has not joined.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { answerMessage } from "../../blocks/answer.js";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { reanswer } from "./reanswer.js";

export function shareAnswer(deps: SlackDeps) {
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
      await respond({ response_type: "ephemeral", replace_original: false, text: MSG.genericFailure });
      return;
    }
    const { result } = again;
    const message = answerMessage({
      result,
      buttons: { share: false, feedback: true, context: true },
      askedBy: body.user.id,
    });
    try {
      await respond({ response_type: "in_channel", replace_original: false, ...message });
    } catch (error) {
      context.outcome = "error";
      deps.logger.warn({ err: error }, "could not share an answer");
      await respond({ response_type: "ephemeral", replace_original: false, text: MSG.slackUnreachable }).catch(
        () => {},
      );
      return;
    }
    context.outcome = "shared";
    await respond({ delete_original: true }).catch((error: unknown) =>
      deps.logger.info({ err: error }, "could not remove the private answer after sharing"),
    );
  };
}
