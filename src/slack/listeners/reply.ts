/**
 * Posting a reply where a failure still reaches the user in words: if the message
 * cannot be posted, nkru tells the user why privately (when Slack allows) and logs it.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.js";
import { failed, ok, type Result } from "../../result.js";
import { describeSlackError } from "../api-errors.js";
import type { Message } from "../blocks/limits.js";
import { type PostOnceOptions, postMessageOnce } from "../post-once.js";

export interface ReplyTarget {
  readonly channel: string;
  readonly threadTs?: string;
  /** Who to tell privately if the reply cannot be posted. */
  readonly user?: string | null;
}

/** Posts the message; a failure comes back as Slack's code, after the user was told why privately. */
export async function postReply(
  client: WebClient,
  target: ReplyTarget,
  message: Message,
  logger: Logger,
  posting: PostOnceOptions = {},
): Promise<Result<void>> {
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
    return ok(undefined);
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
    return failed(described.code, described.message);
  }
}
