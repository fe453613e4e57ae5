/** App Home: what nkru is, how to ask and to add, the digest with a Subscribe button, the newest sources. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { describeSlackError } from "../../api-errors.js";
import { homeView } from "../../blocks/info.js";
import type { SlackDeps } from "../../deps.js";

/** Publishes App Home for `user`; `channel` is their conversation with nkru, where the digest can go. */
export async function publishHome(
  client: WebClient,
  deps: SlackDeps,
  user: string,
  channel: string | null,
): Promise<void> {
  const state = deps.knowledge.current ?? (await deps.knowledge.ready());
  const subscribed = channel ? (await deps.store.subscriptions()).channels.includes(channel) : false;
  const offer = { schedule: deps.digestSchedule(), channel: deps.digest ? channel : null, subscribed };
  await client.views.publish({ user_id: user, view: homeView(state.kb.sources(), state.kb.examples(3), offer) });
}

export function appHomeOpened(deps: SlackDeps) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== "home") {
      context.outcome = "ignored";
      return;
    }
    try {
      await publishHome(client, deps, event.user, event.channel);
      context.outcome = "published";
    } catch (error) {
      context.outcome = `publish_failed:${describeSlackError(error).code}`;
      deps.logger.warn({ err: error }, "could not publish App Home");
    }
  };
}
