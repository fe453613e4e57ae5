/**
 * `/nkru digest [subscribe | unsubscribe | status]` and `/nkru reindex`: the replies,
 * as messages for the slash command to send back privately.
 */

import { longDate } from "../../../core/digest/select-digest.js";
import { counted } from "../../../markup/counts.js";
import { digestMessage } from "../../blocks/digest.js";
import { words } from "../../blocks/kit.js";
import type { Message } from "../../blocks/limits.js";
import type { SlackDeps } from "../../deps.js";
import { escapeText } from "../../mrkdwn.js";

export async function digestCommand(
  text: string,
  channel: string,
  deps: SlackDeps,
): Promise<{ message: Message; outcome: string }> {
  const sub =
    text
      .trim()
      .replace(/[\s.!?]+$/, "")
      .split(/\s+/)[1]
      ?.toLowerCase() ?? "preview";
  const digest = deps.digest;
  if (!digest) return { message: words("The daily digest is not set up in this deployment."), outcome: "digest_off" };
  const dm = /^D/.test(channel);
  const here = dm ? "This conversation" : `<#${channel}>`;
  if ((sub === "subscribe" || sub === "unsubscribe") && !/^[CGD][A-Z0-9]+$/.test(channel)) {
    return {
      message: words(
        "I can't tell which conversation this is, so there is nothing to subscribe. Try `/nkru digest subscribe` in the channel itself.",
      ),
      outcome: "digest_no_channel",
    };
  }
  if (sub === "subscribe") {
    await deps.store.subscribe(channel);
    // A direct message with nkru is a personal subscription: nkru is always in it, so no invitation is needed.
    return {
      message: words(
        `${here} will get the daily digest ${escapeText(digest.describe())}.${dm ? "" : " If I'm not in the channel yet, invite me with `/invite @nkru` so I can post it."}`,
      ),
      outcome: "subscribed",
    };
  }
  if (sub === "unsubscribe") {
    await deps.store.unsubscribe(channel);
    return {
      message: words(`${here} will no longer get the daily digest. \`/nkru digest subscribe\` brings it back.`),
      outcome: "unsubscribed",
    };
  }
  if (sub === "status") {
    const { channels } = await deps.store.subscriptions();
    const list = channels.length
      ? channels.map((c) => (/^D/.test(c) ? "a direct message" : `<#${c}>`)).join(", ")
      : "none yet";
    return {
      message: words(`*Daily digest:* ${escapeText(digest.describe())}\n*Subscribed channels:* ${list}`),
      outcome: "digest_status",
    };
  }
  const date = digest.nextDate();
  const { content } = await digest.contentFor(channel, date);
  const subscribed = (await deps.store.subscriptions()).channels.includes(channel);
  const message = digestMessage(content.digest, content.askAbout, content.footer, subscribed);
  return {
    message: {
      ...message,
      blocks: [
        {
          type: "context",
          elements: [
            {
              type: "mrkdwn",
              text: `Preview of the next digest, for ${longDate(date)}, as ${dm ? "this conversation" : "this channel"} would get it; shown only to you.`,
            },
          ],
        },
        ...message.blocks,
      ],
    },
    outcome: "digest_preview",
  };
}

/** Whether the user may reindex, and the reply if not. */
export function reindexRefusal(user: string, deps: SlackDeps): Message | null {
  if (!deps.reindex) return words("Re-indexing is not available in this deployment.");
  if (!(deps.adminUserIds ?? []).includes(user)) {
    return words(
      "Only the admins listed in ADMIN_USER_IDS can re-index the corpus. New articles are picked up automatically when they are added to the corpus folder.",
    );
  }
  return null;
}

export async function reindex(deps: SlackDeps): Promise<{ message: Message; outcome: string }> {
  const result = await (deps.reindex as NonNullable<SlackDeps["reindex"]>)();
  return result.ok
    ? {
        message: words(
          `Re-indexed: ${counted(result.documents, "document")}, ${counted(result.passages, "passage")}, in ${Math.round(result.ms)} ms.`,
        ),
        outcome: "reindexed",
      }
    : {
        message: words(
          `Re-indexing failed, so I'm still answering from the previous index: ${escapeText(result.error)}`,
        ),
        outcome: "reindex_failed",
      };
}
