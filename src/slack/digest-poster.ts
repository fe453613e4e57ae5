/**
 * The digest job's poster port (jobs/digest-job.ts) over the Web API: posts digests
 * tagged with message metadata naming their slot, so that after a restart the job can
 * tell whether a slot's digest is already in a channel (conversations.history with
 * include_all_metadata). Slack's failures come back as codes, never as throws.
 */
import type { WebClient } from "@slack/web-api";
import type { DigestPoster } from "../jobs/digest-job.js";
import { failed, ok } from "../result.js";
import { describeSlackError } from "./api-errors.js";
import { digestMessage } from "./blocks/digest.js";
import { postMessageOnce } from "./post-once.js";

export const DIGEST_EVENT = "nkru_digest";
/** Pages of history searched for a digest; a claim is minutes old, so one page nearly always suffices. */
const MAX_PAGES = 5;
/** Codes that mean the bot cannot read the channel, so no digest of its can be there. */
const UNREADABLE = new Set(["not_in_channel", "channel_not_found", "is_archived"]);

/** `client` is read at each call: the app's client exists only once the Slack app is built. */
export function slackDigestPoster(getClient: () => WebClient): DigestPoster {
  return {
    async post(channel, content, slot) {
      const message = digestMessage(content.digest, content.askAbout, content.footer);
      try {
        const ts = await postMessageOnce(getClient(), {
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: DIGEST_EVENT, event_payload: { slot } },
        });
        return ok(ts);
      } catch (error) {
        return failed(describeSlackError(error).code);
      }
    },
    async findPosted(channel, slot, since) {
      let pages = 0;
      try {
        const walk = getClient().paginate("conversations.history", {
          channel,
          oldest: (since.getTime() / 1000).toFixed(6),
          include_all_metadata: true,
          limit: 200,
        });
        for await (const page of walk) {
          const messages = ((page as { messages?: unknown[] }).messages ?? []) as {
            ts?: string;
            metadata?: { event_type?: string; event_payload?: unknown };
          }[];
          const found = messages.find(
            (m) =>
              m.metadata?.event_type === DIGEST_EVENT && (m.metadata.event_payload as { slot?: string })?.slot === slot,
          );
          if (found?.ts) return ok(found.ts);
          if (++pages >= MAX_PAGES) break;
        }
        return ok(null);
      } catch (error) {
        const code = describeSlackError(error).code;
        // A channel the bot cannot read is one it cannot have posted in.
        return UNREADABLE.has(code) ? ok(null) : failed(code);
      }
    },
  };
}
