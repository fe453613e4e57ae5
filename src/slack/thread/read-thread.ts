/**
 * Reads a thread from Slack: `conversations.replies` page by page through the client's
 * cursor walk (a thread of thousands of messages is read in full, up to a page cap),
 * and the names of everyone in it through `users.info`, cached so each person is
 * looked up once.
 */
import { setImmediate } from "node:timers/promises";
import type { WebClient } from "@slack/web-api";
import { LRUCache } from "lru-cache";
import type { ThreadMessage } from "../../core/summarize/summarize-thread.js";
import { isPersonMessage, mentionedUsers, type SlackMessage, toThreadMessages } from "../../markup/thread-messages.js";
import { withRateLimit } from "../post-once.js";

/** Display names by user id, looked up once and remembered (up to `max`, then afresh). */
export class UserDirectory {
  private readonly names: LRUCache<string, Promise<string>>;

  constructor(
    private readonly client: WebClient,
    max = 5000,
  ) {
    this.names = new LRUCache({ max });
  }

  name(user: string): Promise<string> {
    let found = this.names.get(user);
    if (!found) {
      found = this.client.users
        .info({ user })
        .then((r) => r.user?.profile?.display_name || r.user?.real_name || r.user?.name || user)
        .catch(() => {
          // An unknown or deactivated user is shown by id; forget the failure so a later call retries.
          this.names.delete(user);
          return user;
        });
      this.names.set(user, found);
    }
    return found;
  }
}

/** Pages of 200 read at most: 10,000 messages, far past any thread people read, and a bound on a cursor that never ends. */
export const MAX_THREAD_PAGES = 50;

export interface ReadThread {
  readonly messages: ThreadMessage[];
  /** True when the thread went on past {@link MAX_THREAD_PAGES} pages and only their messages were read. */
  readonly truncated: boolean;
}

export async function readThread(
  client: WebClient,
  channel: string,
  threadTs: string,
  directory: UserDirectory,
  maxPages = MAX_THREAD_PAGES,
): Promise<ReadThread> {
  const messages: SlackMessage[] = [];
  let pages = 0;
  let truncated = false;
  let cursor: string | undefined;
  // A rate limit mid-thread is waited out and the walk goes on from the last cursor.
  await withRateLimit(async () => {
    const walk = client.paginate("conversations.replies", {
      channel,
      ts: threadTs,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for await (const page of walk) {
      const p = page as { messages?: unknown[]; has_more?: boolean; response_metadata?: { next_cursor?: string } };
      messages.push(...((p.messages ?? []) as SlackMessage[]));
      cursor = p.response_metadata?.next_cursor || undefined;
      if (++pages >= maxPages) {
        truncated = Boolean(p.has_more && cursor);
        break;
      }
    }
  });

  const people = messages.filter(isPersonMessage);
  const ids = new Set<string>();
  for (const m of people) {
    ids.add(m.user as string);
    for (const id of mentionedUsers(m.text ?? "")) ids.add(id);
  }
  const names = new Map<string, string>();
  await Promise.all([...ids].map(async (id) => names.set(id, await directory.name(id))));
  // Turning markup into words is a few milliseconds per hundred messages: a long thread is done in parts.
  const plain: ThreadMessage[] = [];
  for (let i = 0; i < people.length; i += 250) {
    plain.push(...toThreadMessages(people.slice(i, i + 250), names));
    await setImmediate();
  }
  return { messages: plain, truncated };
}

const directories = new WeakMap<WebClient, UserDirectory>();

/** The name cache for a client: Bolt hands listeners the same client for the same token. */
export function directoryFor(client: WebClient): UserDirectory {
  let d = directories.get(client);
  if (!d) {
    d = new UserDirectory(client);
    directories.set(client, d);
  }
  return d;
}
