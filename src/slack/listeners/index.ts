/**
 * Registers every listener explicitly: reading this file tells what nkru handles.
 */
import type { App } from "@slack/bolt";
import { ACTIONS } from "../blocks/answer.js";
import { DIGEST_ASK } from "../blocks/digest.js";
import { FEEDBACK_REASON } from "../blocks/feedback.js";
import { DIGEST_SUBSCRIBE } from "../blocks/info.js";
import { ADD_ARTICLE } from "../blocks/ingest.js";
import type { SlackDeps } from "../deps.js";
import { dedupeEvents, SeenEvents } from "../middleware/dedupe-events.js";
import { requestLog } from "../middleware/request-log.js";
import { addArticle } from "./actions/add-article.js";
import { digestAsk } from "./actions/digest-ask.js";
import { digestSubscribe } from "./actions/digest-subscribe.js";
import { feedback } from "./actions/feedback.js";
import { shareAnswer } from "./actions/share-answer.js";
import { showContext } from "./actions/show-context.js";
import { nkruCommand } from "./commands/nkru-command.js";
import { appHomeOpened } from "./events/app-home-opened.js";
import { appMention } from "./events/app-mention.js";
import { directMessage } from "./events/direct-message.js";
import { summarizeThread } from "./shortcuts/summarize-thread.js";
import { feedbackReason } from "./views/feedback-reason.js";

export function registerListeners(app: App, deps: SlackDeps): void {
  app.use(requestLog(deps.logger, deps.inFlight));
  app.use(
    dedupeEvents(new SeenEvents(deps.clock), {
      claim: (key) => deps.store.claimRequest(key, deps.clock().toISOString(), 15 * 60_000),
    }),
  );

  app.command("/nkru", nkruCommand(deps));

  app.event("app_mention", appMention(deps));
  app.event("message", directMessage(deps));
  app.event("app_home_opened", appHomeOpened(deps));

  app.action(ACTIONS.share, shareAnswer(deps));
  app.action(ACTIONS.showContext, showContext(deps));
  app.action(ACTIONS.feedbackUp, feedback(deps));
  app.action(ACTIONS.feedbackDown, feedback(deps));
  app.action(DIGEST_ASK, digestAsk(deps));
  app.action(ADD_ARTICLE, addArticle(deps));
  app.action(DIGEST_SUBSCRIBE, digestSubscribe(deps));

  app.shortcut("summarize_thread", summarizeThread(deps));

  app.view(FEEDBACK_REASON, feedbackReason(deps));
}
