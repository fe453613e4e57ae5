/**
 * Reads a whole thread from Slack: `conversations.replies` page by page (a thread of
 * thousands of messages is read in full), and the names of everyone in it through
 * `users.info`, cached so each person is looked up once.
 */
import type { WebClient } from "@slack/web-api";
import type { ThreadMessage } from "../../core/summarize/summarize-thread.js";
import { isPersonMessage, mentionedUsers, type SlackMessage, toThreadMessages } from "../../markup/thread-messages.js";

/** Display names by user id, looked up once and remembered (up to `max`, then afresh). */
export class UserDirectory {
  private readonly names = new Map<string, Promise<string>>();

  constructor(
    private readonly client: WebClient,
    private readonly max = 5000,
  ) {}

  name(user: string): Promise<string> {
    let found = this.names.get(user);
    if (!found) {
      if (this.names.size >= this.max) this.names.clear();
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

export async function readThread(
  client: WebClient,
  channel: string,
  threadTs: string,
  directory: UserDirectory,
): Promise<ThreadMessage[]> {
  const messages: SlackMessage[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.conversations.replies({
      channel,
      ts: threadTs,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    messages.push(...((page.messages ?? []) as SlackMessage[]));
    cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
  } while (cursor);

  const people = messages.filter(isPersonMessage);
  const ids = new Set<string>();
  for (const m of people) {
    ids.add(m.user as string);
    for (const id of mentionedUsers(m.text ?? "")) ids.add(id);
  }
  const names = new Map<string, string>();
  await Promise.all([...ids].map(async (id) => names.set(id, await directory.name(id))));
  return toThreadMessages(people, names);
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
