/**
 * Posts digests through the Web API, each tagged with message metadata naming its slot,
 * so that after a restart the job can tell whether a slot's digest is already in a
 * channel (conversations.history with include_all_metadata).
 */
import type { WebClient } from "@slack/web-api";
import type { DigestPoster } from "../jobs/digest-job.js";

export const DIGEST_EVENT = "nkru_digest";
/** Pages of history searched for a digest; a claim is minutes old, so one page nearly always suffices. */
const MAX_PAGES = 5;

/** `client` is read at each call: the app's client exists only once the Slack app is built. */
export function slackDigestPoster(getClient: () => WebClient): DigestPoster {
  return {
    async post(channel, message, slot) {
      const res = await getClient().chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: DIGEST_EVENT, event_payload: { slot } },
      });
      return res.ts as string;
    },
    async findPosted(channel, slot, since) {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await getClient().conversations.history({
          channel,
          oldest: (since.getTime() / 1000).toFixed(6),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        const found = (res.messages ?? []).find(
          (m) =>
            m.metadata?.event_type === DIGEST_EVENT && (m.metadata.event_payload as { slot?: string })?.slot === slot,
        );
        if (found?.ts) return found.ts;
        cursor = res.has_more ? res.response_metadata?.next_cursor || undefined : undefined;
        if (!cursor) break;
      }
      return null;
    },
  };
}
