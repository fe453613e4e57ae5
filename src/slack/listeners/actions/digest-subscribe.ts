/** "Subscribe" beside the digest in help or App Home: the channel (or the user's conversation with nkru) gets the digest. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { words } from "../../blocks/kit.js";
import type { SlackDeps } from "../../deps.js";
import { escapeText } from "../../mrkdwn.js";
import { publishHome } from "../events/app-home-opened.js";

export function digestSubscribe(deps: SlackDeps) {
  return async ({
    ack,
    action,
    body,
    client,
    respond,
    context,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const channel = action.value ?? "";
    if (!deps.digest || !/^[CGD][A-Z0-9]+$/.test(channel)) {
      context.outcome = "digest_off";
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        ...words("The daily digest is not set up in this deployment."),
      });
      return;
    }
    await deps.store.subscribe(channel);
    context.outcome = "subscribed";
    if (body.container?.type === "view") {
      await publishHome(client, deps, body.user.id, channel);
      return;
    }
    const here = /^D/.test(channel) ? "This conversation" : `<#${channel}>`;
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      ...words(
        `${here} will get the daily digest ${escapeText(deps.digest.describe())}. \`/nkru digest unsubscribe\` stops it.`,
      ),
    });
  };
}
