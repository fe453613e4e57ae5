/** "Ask about this" under a digest takeaway: what the corpus says beyond the takeaway, shown only to whoever clicked. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { answersBeyond } from "../../../core/knowledge-base.js";
import { answerMessage } from "../../blocks/answer.js";
import { parseAskValue } from "../../blocks/digest.js";
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
    const { q, not } = parseAskValue(action.value);
    const asked = await replyTurns.run(() => state.kb.answer(q));
    // The takeaway is already on screen: the answer is what the corpus says beyond it.
    const m = /^(.+)#(\d+)$/.exec(not ?? "");
    const beyond = m ? answersBeyond(asked, { id: m[1] as string, passage: Number(m[2]) }) : asked.answers;
    const result =
      asked.confident && beyond.length === 0
        ? {
            ...asked,
            confident: false,
            answers: [],
            notice: "The corpus has nothing on this beyond the takeaway itself.",
            suggestions: null,
          }
        : { ...asked, answers: beyond };
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
