/**
 * What nkru says about articles and feeds: an article added (title linked, outlet, date,
 * passages, one takeaway), one already there, one refused and why, the offer to add a
 * link sent in a direct message, and the list of feeds. Pure builders.
 */
import { shortDate } from "../../core/corpus/dates.js";
import type { CorpusDocument } from "../../core/types.js";
import type { IntakeOutcome } from "../../ingest/article-intake.js";
import { counted } from "../../markup/counts.js";
import type { Feed } from "../../store/store.js";
import { escapeText, quote, truncate } from "../mrkdwn.js";
import { age } from "./info.js";
import { addedText, context, section, titleLink, words } from "./kit.js";
import { type Block, fitMessage, type Message } from "./limits.js";

export const ADD_ARTICLE = "add_article";

function describe(d: CorpusDocument): string {
  const meta = [d.outlet, d.date ? shortDate(d.date) : null].filter((x): x is string => Boolean(x)).map(escapeText);
  return `*${titleLink(d.title, d.url)}*${meta.length ? ` · ${meta.join(" · ")}` : ""}`;
}

function who(d: CorpusDocument): string {
  return d.added ? addedText(d.added) : "from the corpus folder";
}

export function intakeMessage(outcome: IntakeOutcome): Message {
  const d = outcome.document;
  if (outcome.status === "already") {
    const how =
      outcome.by === "url" ? "That article is already in the corpus" : "The corpus already has this article's text";
    const noted = outcome.noted ? "\nI noted this outlet as also carrying it." : "";
    return fitMessage({
      text: escapeText(`${how}: ${d.title}`),
      blocks: [section(`${how}: ${describe(d)}\n\`${escapeText(d.id)}\`, ${who(d)}.${noted}`)],
    });
  }
  const blocks: Block[] = [
    section(`Added ${describe(d)}\n${counted(d.passageCount, "passage")} · \`${escapeText(d.id)}\``),
  ];
  if (outcome.takeaway) blocks.push(section(quote(escapeText(truncate(outcome.takeaway, 500)))));
  blocks.push(context("It is answerable now: ask with `/nkru <question>`. It will lead the next digest."));
  return fitMessage({ text: escapeText(`Added ${d.title}`), blocks });
}

export function notAddedMessage(what: string, why: string): Message {
  return words(`I couldn't add ${escapeText(truncate(what, 200))}: ${escapeText(why)}.`);
}

/** The reply to a direct message that is only a link: a button to add it. */
export function addOfferMessage(url: string): Message {
  return {
    text: "Add this article to the corpus?",
    blocks: [
      section(`Add this article to the corpus?\n${escapeText(truncate(url, 300))}`),
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: ADD_ARTICLE,
            style: "primary",
            text: { type: "plain_text", text: "Add to the corpus" },
            value: url.slice(0, 2000),
          },
        ],
      },
      context(
        "Or ask a question about it once it's added. To ask about the link's words instead, send them without the link.",
      ),
    ],
  };
}

export function feedsMessage(feeds: readonly Feed[], now: Date): Message {
  if (feeds.length === 0) {
    return words("No feeds yet. An admin can add one with `/nkru feeds add <feed link> [keywords…]`.");
  }
  const blocks: Block[] = [section(`*${counted(feeds.length, "feed")}*`)];
  for (const f of feeds) {
    const state = f.failures
      ? `:warning: failing (${counted(f.failures, "time")} in a row): ${escapeText(truncate(f.lastError ?? "", 200))}`
      : f.lastOkAt
        ? `read ${age(new Date(f.lastOkAt), now)} ago`
        : "not read yet";
    const keywords = f.keywords.length
      ? ` · keywords: ${f.keywords.map((k) => `\`${escapeText(k)}\``).join(", ")}`
      : "";
    blocks.push(
      section(`• ${escapeText(truncate(f.url, 300))}\n   ${state} · ${counted(f.added, "article")} added${keywords}`),
    );
  }
  return fitMessage({ text: counted(feeds.length, "feed"), blocks });
}
