/**
 * The daily digest as a Slack message: a headline with the date and corpus size, what
 * is new since the channel's last digest, the day's takeaways (each cited, each with
 * an "Ask about this" button), and optionally yesterday's questions.
 */
import { shortDate } from "../../core/corpus/dates.js";
import type { AskAbout } from "../../core/digest/ask-about.js";
import type { Digest, NewArticle } from "../../core/digest/select-digest.js";
import type { Takeaway } from "../../core/digest/takeaways.js";
import type { QuestionsFooter } from "../../jobs/digest-job.js";
import { counted } from "../../markup/counts.js";
import { escapeText, truncate } from "../mrkdwn.js";
import { citationText, context, titleLink } from "./kit.js";
import { type Block, fitMessage, type Message } from "./limits.js";

export const DIGEST_ASK = "digest_ask";

/** The "Ask about this" button's value: `{ q, not }` (the question, and the takeaway's passage), or a bare question from an older digest. */
export function parseAskValue(value: string | undefined): { q: string; not: string | null } {
  try {
    const v = JSON.parse(value ?? "") as { q?: unknown; not?: unknown };
    if (typeof v.q === "string") return { q: v.q, not: typeof v.not === "string" ? v.not : null };
  } catch {
    // a bare question
  }
  return { q: value ?? "", not: null };
}

/** "Ask about this": asks `question`, leaving out the takeaway's own passage from the answer. */
function askButton(t: Takeaway, question: string | null) {
  if (!question) return {};
  return {
    accessory: {
      type: "button" as const,
      action_id: DIGEST_ASK,
      text: { type: "plain_text" as const, text: "Ask about this" },
      value: JSON.stringify({ q: truncate(question, 500), not: `${t.source.id}#${t.source.passage}` }),
    },
  };
}

function takeawayBlocks(t: Takeaway, question: string | null): Block[] {
  return [
    { type: "section", text: { type: "mrkdwn", text: `• ${escapeText(t.text)}` }, ...askButton(t, question) },
    context(citationText(t.source)),
  ];
}

/** A new story: the article linked with its outlet and date, its best takeaway, and who else reported it. */
function newArticleBlocks(n: NewArticle, askAbout: (t: Takeaway) => string | null): Block[] {
  const d = n.document;
  const meta = [d.outlet, d.date ? shortDate(d.date) : null].filter((x): x is string => Boolean(x)).map(escapeText);
  const head = `*${titleLink(d.title, d.url)}*${meta.length ? ` · ${meta.join(" · ")}` : ""}`;
  const text = n.takeaway ? `${head}\n${escapeText(truncate(n.takeaway.text, 600))}` : head;
  const blocks: Block[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text },
      ...(n.takeaway ? askButton(n.takeaway, askAbout(n.takeaway)) : {}),
    },
  ];
  if (n.alsoReportedBy.length) {
    const others = n.alsoReportedBy
      .slice(0, 6)
      .map((a) => (a.url ? titleLink(a.outlet ?? a.url, a.url) : escapeText(a.outlet ?? "")));
    blocks.push(context(`Also reported by ${others.join(", ")}`));
  }
  return blocks;
}

function listed(items: QuestionsFooter["mostAsked"]): string {
  return items
    .map((q) => `“${escapeText(truncate(q.question, 120))}”${q.count > 1 ? ` (${q.count}×)` : ""}`)
    .join(", ");
}

/** `askAbout` gives the question behind each "Ask about this" button (none when it would add nothing). */
export function digestMessage(
  digest: Digest,
  askAbout: AskAbout,
  footer: QuestionsFooter | null = null,
  subscribed = true,
): Message {
  // Two buttons never ask the same question: a later takeaway asks its next one, or has none.
  const taken = new Set<string>();
  const ask = (t: Takeaway) => {
    const q = askAbout(t, taken);
    if (q) taken.add(q);
    return q;
  };
  const blocks: Block[] = [{ type: "header", text: { type: "plain_text", text: truncate(digest.headline, 150) } }];
  if (digest.new.length) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: "*New since the last digest*" } });
    for (const n of digest.new) blocks.push(...newArticleBlocks(n, ask));
    if (digest.moreNew) blocks.push(context(`…and ${counted(digest.moreNew, "more new article")}: \`/nkru sources\``));
    blocks.push({ type: "divider" });
  }
  if (digest.takeaways.length) {
    // The header already says these are the key takeaways; after new articles, a line says the rest are from the corpus.
    if (digest.new.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: "*From the corpus*" } });
    for (const t of digest.takeaways) blocks.push(...takeawayBlocks(t, ask(t)));
  } else if (!digest.new.length) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "The corpus has no takeaways yet: no documents are loaded." },
    });
  }
  if (footer && (footer.mostAsked.length || footer.unanswered.length)) {
    const lines = [];
    if (footer.mostAsked.length) lines.push(`*Most asked yesterday:* ${listed(footer.mostAsked)}`);
    if (footer.unanswered.length) lines.push(`*Not answered by the corpus:* ${listed(footer.unanswered)}`);
    blocks.push({ type: "divider" }, context(lines.join("\n")));
  }
  blocks.push(
    context(
      `Ask anything with \`/nkru <question>\` · ${subscribed ? "`/nkru digest unsubscribe` to stop these" : "`/nkru digest subscribe` to get this every day"}`,
    ),
  );
  const items = [
    ...digest.new.map((n) => n.takeaway?.text ?? n.document.title),
    ...digest.takeaways.map((t) => t.text),
  ].map((t) => `• ${t}`);
  return fitMessage({ text: escapeText(`${digest.headline}\n${items.join("\n")}`), blocks });
}
