/**
 * Posting a reply where a failure still reaches the user in words: if the message
 * cannot be posted, nkru tells the user why privately (when Slack allows) and logs it.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.js";
import { describeSlackError } from "../api-errors.js";
import type { Message } from "../blocks/limits.js";
import { type PostOnceOptions, postMessageOnce } from "../post-once.js";

export interface ReplyTarget {
  readonly channel: string;
  readonly threadTs?: string;
  /** Who to tell privately if the reply cannot be posted. */
  readonly user?: string | null;
}

/** Posts the message; returns the failure's code, or null on success. */
export async function postReply(
  client: WebClient,
  target: ReplyTarget,
  message: Message,
  logger: Logger,
  posting: PostOnceOptions = {},
): Promise<string | null> {
  try {
    await postMessageOnce(
      client,
      {
        channel: target.channel,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      },
      posting,
    );
    return null;
  } catch (error) {
    const described = describeSlackError(error);
    logger.warn({ code: described.code, channel: target.channel }, "could not post reply");
    if (target.user) {
      await client.chat
        .postEphemeral({
          channel: target.channel,
          user: target.user,
          ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
          text: described.message,
        })
        .catch((e: unknown) =>
          logger.warn({ code: describeSlackError(e).code, channel: target.channel }, "could not tell the user either"),
        );
    }
    return described.code;
  }
}
