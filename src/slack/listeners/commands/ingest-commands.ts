/**
 * `add <link>`, `remove <id>` and `feeds [list | add <link> [keywords…] | remove <link>]`:
 * articles and feeds in from Slack, through the intake (ingest/article-intake.ts) and
 * the feed poller (jobs/feed-poller.ts). Who may run what is permissions.ts's.
 */
import { newFeed } from "../../../jobs/feed-poller.js";
import { counted } from "../../../markup/counts.js";
import { feedsMessage, intakeMessage, notAddedMessage } from "../../blocks/ingest.js";
import { words } from "../../blocks/kit.js";
import type { Message } from "../../blocks/limits.js";
import type { SlackDeps } from "../../deps.js";
import { escapeText } from "../../mrkdwn.js";
import { mayRun, refusalText } from "../../permissions.js";
import { linkIn } from "../../subcommands.js";

type Reply = { message: Message; outcome: string };

const OFF: Reply = { message: words("Adding articles is not set up in this deployment."), outcome: "ingest_off" };

/** Adds the article a link points to, for `user`. */
export async function addLink(url: string, user: string, deps: SlackDeps): Promise<Reply> {
  const ingest = deps.ingest;
  if (!ingest) return OFF;
  if (!mayRun("adders", user, deps))
    return { message: words(refusalText("adders", "add articles")), outcome: "add_refused" };
  const result = await ingest.intake.add({ kind: "url", url }, { by: user });
  if (!result.ok)
    return { message: notAddedMessage(url, result.message ?? result.code), outcome: `add_failed:${result.code}` };
  return {
    message: intakeMessage(result.value),
    outcome: result.value.status === "added" ? "article_added" : "article_already",
  };
}

export async function addCommand(text: string, user: string, deps: SlackDeps): Promise<Reply> {
  const url = linkIn(text);
  if (!url) {
    return {
      message: words(
        "Give me a link to add, such as `/nkru add https://example.com/article`, or share a file with me in a direct message.",
      ),
      outcome: "add_no_link",
    };
  }
  return addLink(url, user, deps);
}

export async function removeCommand(text: string, user: string, deps: SlackDeps): Promise<Reply> {
  const ingest = deps.ingest;
  if (!ingest) return OFF;
  if (!mayRun("admins", user, deps))
    return { message: words(refusalText("admins", "remove articles")), outcome: "remove_refused" };
  const id =
    text
      .trim()
      .split(/\s+/)[1]
      ?.replace(/[`.!?]+$/g, "")
      .replace(/^`/, "") ?? "";
  const removed = await ingest.intake.remove(id, user);
  if (!removed.ok)
    return {
      message: words(`I couldn't remove that: ${escapeText(removed.message ?? removed.code)}.`),
      outcome: `remove_failed:${removed.code}`,
    };
  return {
    message: words(
      `Removed *${escapeText(removed.value.title)}* (\`${escapeText(removed.value.id)}\`) from the corpus.`,
    ),
    outcome: "article_removed",
  };
}

export async function feedsCommand(text: string, user: string, deps: SlackDeps): Promise<Reply> {
  const [, verb = "list", url = "", ...keywords] = text
    .trim()
    .replace(/[\s.!?]+$/, "")
    .split(/\s+/);
  const action = verb.toLowerCase();
  if (action === "list") {
    const { feeds } = await deps.store.feeds();
    return { message: feedsMessage(feeds, deps.clock()), outcome: "feeds_list" };
  }
  const poller = deps.ingest?.feeds;
  if (!poller) return { message: words("Feeds are not set up in this deployment."), outcome: "feeds_off" };
  if (!mayRun("admins", user, deps))
    return { message: words(refusalText("admins", "add or remove feeds")), outcome: "feeds_refused" };
  const link = linkIn(url);
  if (!link)
    return {
      message: words("Give me the feed's link, such as `/nkru feeds add https://example.com/rss.xml korea`."),
      outcome: "feeds_no_link",
    };
  if (action === "remove") {
    const removed = await deps.store.removeFeed(link);
    return removed
      ? {
          message: words(`Removed the feed ${escapeText(link)}. Articles already added from it stay.`),
          outcome: "feed_removed",
        }
      : { message: words(`There is no feed ${escapeText(link)} (see \`/nkru feeds\`).`), outcome: "feed_unknown" };
  }
  const { feed, created } = await deps.store.addFeed(newFeed(link, keywords, user, deps.clock().toISOString()));
  if (!created) return { message: words(`I already read ${escapeText(link)}.`), outcome: "feed_already" };
  // The first poll now: it proves the feed can be read and adds its latest articles.
  const report = await poller.poll(feed);
  if (!["ok", "not_modified"].includes(report.outcome)) {
    return {
      message: words(
        `Added the feed ${escapeText(link)}, but I couldn't read it yet: ${escapeText(report.message ?? report.outcome)}. I'll keep trying, less often each time; \`/nkru feeds\` shows how it is doing.`,
      ),
      outcome: "feed_added_failing",
    };
  }
  const kept = keywords.length ? ` mentioning ${keywords.map((k) => `\`${escapeText(k)}\``).join(" or ")}` : "";
  return {
    message: words(
      `Added the feed ${escapeText(link)}: ${counted(report.added.length, "article")}${kept} added from its latest items. I'll read it again on schedule.`,
    ),
    outcome: "feed_added",
  };
}
