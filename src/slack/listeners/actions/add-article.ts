/** "Add to the corpus" under a link sent to nkru in a direct message: adds it and replaces the offer with the outcome. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { addLink } from "../commands/ingest-commands.js";

export function addArticle(deps: SlackDeps) {
  return async ({
    ack,
    action,
    body,
    respond,
    context,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    await respond({ replace_original: true, text: `Fetching ${action.value ?? "the link"}…` });
    const reply = await addLink(action.value ?? "", body.user.id, deps);
    context.outcome = reply.outcome;
    await respond({ replace_original: true, ...reply.message });
  };
}
