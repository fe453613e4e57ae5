/** App Home: what nkru is, how to ask, the indexed sources and the digest schedule. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { describeSlackError } from "../../api-errors.js";
import { homeView } from "../../blocks/info.js";
import type { SlackDeps } from "../../deps.js";

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
    const state = deps.knowledge.current ?? (await deps.knowledge.ready());
    const view = homeView(state.kb.sources(), state.kb.examples(3), deps.digestSchedule());
    try {
      await client.views.publish({ user_id: event.user, view });
      context.outcome = "published";
    } catch (error) {
      context.outcome = `publish_failed:${describeSlackError(error).code}`;
      deps.logger.warn({ err: error }, "could not publish App Home");
    }
  };
}
