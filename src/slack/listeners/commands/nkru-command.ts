/**
 * `/nkru <question | subcommand>`. The reply goes in the acknowledgement itself, shown
 * only to the asker. A slow subcommand (add, feeds add, reindex) is acknowledged with what is under
 * way and answered through response_url; so is everything while the corpus is still
 * loading. What the text asks for is the subcommand table's (subcommands.ts).
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { markupToPlain } from "../../../markup/thread-messages.js";
import type { SlackDeps } from "../../deps.js";
import { MSG } from "../../messages.js";
import { mayRun } from "../../permissions.js";
import { parseRequest, roleOf } from "../../subcommands.js";
import { type Asked, replyToText } from "../replies.js";

/** Slack waits 3 s for an acknowledgement; this leaves room for the network. */
const ACK_BUDGET_MS = 2000;

export function nkruCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = markupToPlain(command.text ?? "", { keepLinks: true }).replace(/\s+/g, " ");
    const asked: Asked = { where: "command", channel: command.channel_id, user: command.user_id };
    const parsed = parseRequest(text);
    const working = parsed.kind === "subcommand" ? (parsed.subcommand.working?.(parsed.text) ?? null) : null;
    const allowed =
      parsed.kind !== "subcommand" || mayRun(roleOf(parsed.subcommand, parsed.text), command.user_id, deps);
    const state = deps.knowledge.current;
    if (state && !(working && allowed)) {
      // The reply goes in the acknowledgement when it is ready within Slack's budget; when the
      // store or the work is slow, the acknowledgement says so and the reply follows.
      const replying = replyToText(text, state, deps, asked);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        // The budget counts from the request's arrival (request-log.ts): the front door's own work is in it.
        const since = typeof context.receivedAt === "number" ? performance.now() - context.receivedAt : 0;
        timer = setTimeout(() => resolve(null), Math.max(0, (deps.ackBudgetMs ?? ACK_BUDGET_MS) - since));
      });
      const quick = await Promise.race([replying, late]);
      clearTimeout(timer);
      if (quick) {
        context.outcome = quick.outcome;
        await ack({ response_type: "ephemeral", ...quick.message });
        return;
      }
      await ack({ response_type: "ephemeral", text: MSG.slow });
      const reply = await replying;
      context.outcome = `${reply.outcome}_late`;
      await respond({ response_type: "ephemeral", replace_original: true, ...reply.message });
      return;
    }
    await ack({ response_type: "ephemeral", text: state && working ? working : MSG.loading });
    const ready = state ?? (await deps.knowledge.ready());
    const reply = await replyToText(text, ready, deps, asked);
    context.outcome = state ? reply.outcome : `${reply.outcome}_late`;
    await respond({ response_type: "ephemeral", replace_original: true, ...reply.message });
  };
}
