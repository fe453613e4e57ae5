/** "Show context": the whole passage an excerpt came from, shown only to whoever asked for it. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { citationOf } from "../../../core/types.js";
import { contextMessage } from "../../blocks/answer.js";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";

export function showContext(deps: SlackDeps) {
  return async ({
    ack,
    action,
    respond,
    context,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const m = /^(.+)#(\d+)$/.exec(action.value ?? "");
    const state = deps.knowledge.current;
    const doc = m ? state?.kb.corpus.documents.find((d) => d.id === m[1]) : undefined;
    const passage = m && doc ? state?.kb.passage(m[1] as string, Number(m[2])) : null;
    if (!doc || !passage) {
      context.outcome = "missing";
      await respond({ response_type: "ephemeral", replace_original: false, text: MSG.contextMissing });
      return;
    }
    context.outcome = "shown";
    // The passage before it says what "the move" or "this" points back to.
    const before = passage.ordinal > 1 ? state?.kb.passage(doc.id, passage.ordinal - 1) : null;
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      ...contextMessage({
        before: before && before.kind !== "meta" ? before.text : null,
        context: passage.text,
        source: citationOf(doc, passage),
      }),
    });
  };
}
