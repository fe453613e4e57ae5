/**
 * Slack messages (as `conversations.replies` returns them) turned into the plain-text
 * messages the core summarises: people's messages only, mentions as names, links as
 * their labels, emoji codes and code blocks left out. Pure: used by the Slack app and
 * by `nkru summarize FILE`.
 */
import type { ThreadMessage } from "../core/summarize/summarize-thread.js";

/** The fields of a Slack message nkru reads. */
export interface SlackMessage {
  readonly type?: string;
  readonly subtype?: string;
  readonly ts?: string;
  readonly thread_ts?: string;
  readonly user?: string;
  readonly bot_id?: string;
  readonly text?: string;
  readonly user_profile?: { readonly display_name?: string; readonly real_name?: string; readonly name?: string };
}

/** Subtypes that are still a person speaking; every other subtype is a notice or a bot. */
const PEOPLE_SUBTYPES = new Set([undefined, "thread_broadcast", "file_share", "me_message"]);

export function isPersonMessage(m: SlackMessage): boolean {
  return Boolean(m.user) && !m.bot_id && PEOPLE_SUBTYPES.has(m.subtype) && typeof m.ts === "string";
}

/** User ids mentioned in a message's text. */
export function mentionedUsers(text: string): string[] {
  return [...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] as string))];
}

export interface PlainOptions {
  /** User ids to display names; an unknown mention becomes its label, else "someone". */
  readonly names?: ReadonlyMap<string, string>;
  /** Keep a bare link's address (a question may be about it); default: drop it from prose. */
  readonly keepLinks?: boolean;
}

/**
 * Slack's markup as plain words: the one converter, for questions and for threads.
 * Mentions become names, channel links "#name", labelled links their label, broadcasts
 * and emoji disappear, code is left out of prose.
 */
export function markupToPlain(text: string, options: PlainOptions = {}): string {
  const names = options.names ?? new Map<string, string>();
  return (
    text
      // Code is not prose: keep it out of sentences.
      .replace(/```[\s\S]*?```/g, " ")
      .replace(/`([^`\n]*)`/g, "$1")
      .replace(
        /<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g,
        (_m, id: string, label?: string) => `@${names.get(id) ?? label ?? "someone"}`,
      )
      .replace(/<#[CGD][A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name?: string) => (name ? `#${name}` : "#channel"))
      .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name?: string) => name ?? "")
      .replace(/<![^>]*>/g, "")
      .replace(/<(?:https?|mailto):[^|>]*\|([^>]*)>/g, "$1")
      .replace(/<((?:https?|mailto):[^>]*)>/g, (_m, url: string) => (options.keepLinks ? url : " "))
      .replace(/:[a-z0-9_+'-]+:/gi, "")
      .replace(/\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*|\p{Regional_Indicator}/gu, "")
      .replace(/^\s*&gt;\s?/gm, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&")
      // Bold, italic and strike markers around words.
      .replace(/(^|[\s(])[*_~]+([^*_~\n]+?)[*_~]+(?=[\s).,!?:;]|$)/g, "$1$2")
      .replace(/[ \t]+/g, " ")
      .replace(/\s*\n\s*/g, "\n")
      .trim()
  );
}

export function displayName(m: SlackMessage): string | null {
  const p = m.user_profile;
  return p?.display_name || p?.real_name || p?.name || null;
}

/** People's messages as the core wants them; text that is nothing but markup becomes empty. */
export function toThreadMessages(
  messages: readonly SlackMessage[],
  names: ReadonlyMap<string, string>,
): ThreadMessage[] {
  return messages.filter(isPersonMessage).map((m) => {
    const user = m.user as string;
    const raw = m.text ?? "";
    return {
      ts: m.ts as string,
      user,
      name: names.get(user) ?? displayName(m) ?? user,
      text: markupToPlain(raw, { names }),
      mentions: mentionedUsers(raw),
    };
  });
}

/** Names from the messages' own profiles, for when nothing else knows them (a saved file). */
export function namesFromProfiles(messages: readonly SlackMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of messages) {
    const name = displayName(m);
    if (m.user && name && !names.has(m.user)) names.set(m.user, name);
  }
  return names;
}
