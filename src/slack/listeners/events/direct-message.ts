/**
 * A direct message to the bot: a question, answered in the same conversation; a message
 * that is only a link, answered with an offer to add the article; a shared file (.md,
 * .txt, .html, .pdf), added to the corpus. Edits, joins, bot messages and the bot's own
 * messages are none of these.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { DEFAULT_MAX_BYTES } from "../../../ingest/fetch-page.js";
import { addOfferMessage, intakeMessage, notAddedMessage } from "../../blocks/ingest.js";
import { words } from "../../blocks/kit.js";
import type { SlackDeps } from "../../deps.js";
import { downloadSlackFile } from "../../download-file.js";
import { mayRun, refusalText } from "../../permissions.js";
import { linkIn } from "../../subcommands.js";
import { questionText, replyAndPost } from "../replies.js";
import { postReply } from "../reply.js";

interface SharedFile {
  readonly name?: string;
  readonly size?: number;
  readonly url_private_download?: string;
  readonly url_private?: string;
}

export function directMessage(deps: SlackDeps) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs): Promise<void> => {
    const sharedFiles =
      event.subtype === "file_share" && "files" in event ? ((event.files ?? []) as SharedFile[]) : null;
    if (event.channel_type !== "im" || (event.subtype !== undefined && !sharedFiles)) {
      context.outcome = "ignored";
      return;
    }
    if ("bot_id" in event && event.bot_id) {
      context.outcome = "ignored";
      return;
    }
    // The user is named so a reply that cannot be posted (too long, Slack failing) is explained privately.
    const user = "user" in event ? (event.user ?? null) : null;
    const threadTs = "thread_ts" in event ? event.thread_ts : undefined;
    const target = { channel: event.channel, user, ...(threadTs ? { threadTs } : {}) };
    const text = questionText("text" in event ? event.text : undefined, context.botUserId);
    const post = async (message: Parameters<typeof postReply>[2], outcome: string) => {
      context.outcome = outcome;
      const posted = await postReply(client, target, message, deps.logger, deps.posting);
      if (!posted.ok) context.outcome = `post_failed:${posted.code}`;
    };

    if (sharedFiles?.length) {
      if (!deps.ingest) return post(words("Adding articles is not set up in this deployment."), "ingest_off");
      if (!mayRun("adders", user ?? "", deps)) return post(words(refusalText("adders", "add articles")), "add_refused");
      const outcomes: string[] = [];
      for (const file of sharedFiles.slice(0, 5)) {
        const name = file.name ?? "file";
        const url = file.url_private_download ?? file.url_private ?? "";
        const bytes =
          (file.size ?? 0) > DEFAULT_MAX_BYTES
            ? ({ ok: false, code: "too_large", message: "larger than 5 MB" } as const)
            : await downloadSlackFile(url, {
                token: client.token ?? "",
                maxBytes: DEFAULT_MAX_BYTES,
                extraHost: deps.slackApiHost ?? null,
              });
        const result = bytes.ok
          ? await deps.ingest.intake.add({ kind: "file", name, bytes: bytes.value }, { by: user ?? "unknown" })
          : bytes;
        outcomes.push(result.ok ? `article_${result.value.status}` : `add_failed:${result.code}`);
        await post(
          result.ok ? intakeMessage(result.value) : notAddedMessage(name, result.message ?? result.code),
          outcomes.join(","),
        );
      }
      return;
    }
    const link = linkIn(text);
    if (link && text.trim() === link) {
      if (!deps.ingest) return post(words("Adding articles is not set up in this deployment."), "ingest_off");
      if (!mayRun("adders", user ?? "", deps)) return post(words(refusalText("adders", "add articles")), "add_refused");
      return post(addOfferMessage(link), "add_offered");
    }
    await replyAndPost(client, deps, context, text, target, { where: "dm", channel: event.channel, user: user ?? "" });
  };
}
