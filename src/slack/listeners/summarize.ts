/**
 * Reads a thread and builds its summary message, or the words that explain why not
 * (bot not in the channel, a private channel, a deleted thread, nothing to summarize).
 * Shared by `@nkru summarize` and the "Summarize thread" shortcut.
 */
import type { WebClient } from "@slack/web-api";
import { runInSlices } from "../../runtime/run-in-slices.js";
import { describeSlackError } from "../api-errors.js";
import { words } from "../blocks/kit.js";
import type { Message } from "../blocks/limits.js";
import { summaryMessage } from "../blocks/summary.js";
import type { SlackDeps } from "../deps.js";
import { readThread, type UserDirectory } from "../thread/read-thread.js";

export type Summarized = { ok: true; message: Message } | { ok: false; message: Message; code: string };

/** Links to messages from the thread parent's permalink (chat.getPermalink needs no scope). */
async function linker(client: WebClient, channel: string, threadTs: string): Promise<(ts: string) => string | null> {
  try {
    const { permalink } = await client.chat.getPermalink({ channel, message_ts: threadTs });
    if (!permalink) return () => null;
    const origin = new URL(permalink).origin;
    return (ts) =>
      ts === threadTs
        ? permalink
        : `${origin}/archives/${channel}/p${ts.replace(".", "")}?thread_ts=${threadTs}&cid=${channel}`;
  } catch {
    return () => null;
  }
}

export async function summarizeToMessage(
  client: WebClient,
  deps: SlackDeps,
  directory: UserDirectory,
  channel: string,
  threadTs: string,
): Promise<Summarized> {
  let read: Awaited<ReturnType<typeof readThread>>;
  try {
    read = await readThread(client, channel, threadTs, directory);
  } catch (error) {
    const described = describeSlackError(error);
    deps.logger.warn({ code: described.code, channel }, "could not read a thread");
    return { ok: false, message: words(described.message), code: described.code };
  }
  const state = deps.knowledge.current ?? (await deps.knowledge.ready());
  // A long thread is summarized a few milliseconds at a time: other requests are served in between.
  const result = await runInSlices(state.kb.summarizeThreadSteps(read.messages));
  if (!result.ok) return { ok: false, message: words(result.message), code: result.reason };
  if (read.truncated) {
    deps.logger.warn(
      { channel, threadTs, messages: read.messages.length },
      "thread longer than the page cap; summarized its start",
    );
  }
  const link = await linker(client, channel, threadTs);
  const message = summaryMessage(result.summary, link, { truncated: read.truncated, messages: read.messages.length });
  return { ok: true, message };
}
