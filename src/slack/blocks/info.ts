/**
 * Help, sources, status and App Home: what nkru is and what it holds. Pure builders.
 */
import type { types } from "@slack/bolt";
import { shortDate } from "../../core/corpus/dates.js";
import type { SourceSummary } from "../../core/knowledge-base.js";
import type { SkippedFile } from "../../core/types.js";
import { counted } from "../../markup/counts.js";
import { escapeText, truncate } from "../mrkdwn.js";
import { addedText, context, section, titleLink } from "./kit.js";
import { type Block, fitMessage, type Message } from "./limits.js";

function exampleLines(examples: readonly string[]): string {
  return examples.map((e) => `• \`/nkru ${escapeText(e)}\``).join("\n");
}

export const DIGEST_SUBSCRIBE = "digest_subscribe";

/** The digest's schedule, with a button that subscribes `channel` (none when it already is). */
export interface DigestOffer {
  readonly schedule: string;
  /** Where the button subscribes: the channel help was asked in, or the App Home's conversation. */
  readonly channel: string | null;
  readonly subscribed: boolean;
}

function digestBlock(offer: DigestOffer, here: string): Block {
  const text = `*Daily digest* ${escapeText(offer.schedule)}: the day's key takeaways, new articles first.${offer.subscribed ? ` ${here} gets it.` : ""}`;
  if (!offer.channel || offer.subscribed) return section(text);
  return {
    type: "section",
    text: { type: "mrkdwn", text },
    accessory: {
      type: "button",
      action_id: DIGEST_SUBSCRIBE,
      text: { type: "plain_text", text: "Subscribe" },
      value: offer.channel,
    },
  };
}

/** Help: what nkru is, example questions, one line for each subcommand (from subcommands.ts), the digest. */
export function helpMessage(
  examples: readonly string[],
  commandLines: readonly string[],
  lead?: string,
  digest?: DigestOffer,
): Message {
  const examplesText = exampleLines(examples) || "• `/nkru What has North Korea supplied Russia?`";
  const about =
    "*nkru* answers questions about the North Korea–Russia relationship with cited excerpts from its corpus of articles.";
  // A lead ("Ask me a question…, for example:") is followed by the examples themselves, then what nkru is.
  const blocks: Block[] = lead
    ? [section(`${escapeText(lead)}\n${examplesText}`), section(about)]
    : [section(about), section(`*Ask a question*\n${examplesText}`)];
  blocks.push(
    section(
      [
        "*Commands*",
        ...commandLines.map((l) => `• ${l}`),
        "You can also mention `@nkru` with a question in a channel (it answers in a thread) or send it a direct message. Send it a link or a file to add an article.",
      ].join("\n"),
    ),
  );
  if (digest)
    blocks.push(
      digestBlock(digest, digest.channel && /^D/.test(digest.channel) ? "This conversation" : "This channel"),
    );
  return fitMessage({ text: "nkru: ask /nkru <question> for cited answers about North Korea and Russia.", blocks });
}

function sourceLine(s: SourceSummary): string {
  const meta = [s.author, s.outlet, s.date ? shortDate(s.date) : s.period]
    .filter((x): x is string => Boolean(x))
    .map(escapeText);
  const added = s.added ? ` · ${addedText(s.added)}` : "";
  return `• *${titleLink(s.title, s.url)}* \`${escapeText(s.id)}\` · ${counted(s.passages, "passage")}${added}${meta.length ? `\n   ${meta.join(" · ")}` : ""}`;
}

export const SOURCES_PAGE = 20;

/** Newest first: added articles by when they were added, then the corpus folder's by date. */
export function newestFirst(sources: readonly SourceSummary[]): SourceSummary[] {
  const key = (s: SourceSummary) => s.added?.at ?? s.date ?? "";
  return [...sources].sort((a, b) => (key(a) === key(b) ? a.title.localeCompare(b.title) : key(a) < key(b) ? 1 : -1));
}

/** One page (1-based) of the sources, newest first, with how to see the next. */
export function sourcesMessage(sources: readonly SourceSummary[], page = 1): Message {
  if (sources.length === 0) {
    return fitMessage({
      text: "No documents are indexed.",
      blocks: [section("No documents are indexed: the corpus folder has no readable articles.")],
    });
  }
  const pages = Math.ceil(sources.length / SOURCES_PAGE);
  const p = Math.min(Math.max(1, page), pages);
  const passages = sources.reduce((n, s) => n + s.passages, 0);
  const heading = `*${counted(sources.length, "document")}, ${counted(passages, "passage")}*${pages > 1 ? ` · page ${p} of ${pages}` : ""}`;
  const blocks: Block[] = [section(heading)];
  for (const s of newestFirst(sources).slice((p - 1) * SOURCES_PAGE, p * SOURCES_PAGE))
    blocks.push(section(sourceLine(s)));
  if (p < pages) blocks.push(context(`More: \`/nkru sources ${p + 1}\``));
  return fitMessage({
    text: `${counted(sources.length, "document")}, ${counted(passages, "passage")} indexed.`,
    blocks,
  });
}

export interface StatusInfo {
  readonly documents: number;
  readonly passages: number;
  readonly loadedAt: Date | null;
  readonly loadMs: number | null;
  readonly indexOrigin: string | null;
  readonly skipped: readonly SkippedFile[];
  /** The last failed re-read of the corpus, if any since the last good one. */
  readonly lastError: string | null;
  /** The digest schedule in words. */
  readonly digest: string;
  readonly now: Date;
  /** Where state is kept, and why it cannot be saved, if so. */
  readonly store?: string;
  readonly storeProblem?: string | null;
  /** Feeds polled, and the failing ones with why. */
  readonly feeds?: { readonly total: number; readonly failing: readonly { url: string; error: string }[] };
}

export function age(from: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (s < 90) return `${s} seconds`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} minutes`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} hours`;
  return `${Math.round(h / 24)} days`;
}

export function statusMessage(info: StatusInfo): Message {
  const lines = [
    `*Corpus:* ${counted(info.documents, "document")}, ${counted(info.passages, "passage")}`,
    info.loadedAt
      ? `*Index:* ${info.indexOrigin === "loaded" ? "loaded from its saved copy" : "built"} ${age(info.loadedAt, info.now)} ago (at ${info.loadedAt.toISOString().replace(/\.\d+Z$/, "Z")}, in ${Math.round(info.loadMs ?? 0)} ms)`
      : "*Index:* still loading",
    `*Skipped files:* ${info.skipped.length === 0 ? "none" : info.skipped.length}`,
    ...info.skipped.slice(0, 20).map((s) => `• \`${escapeText(s.file)}\`: ${escapeText(s.reason)}`),
    ...(info.skipped.length > 20 ? [`• …and ${info.skipped.length - 20} more`] : []),
    ...(info.lastError
      ? [`*Last re-read failed:* ${escapeText(info.lastError)} (still answering from the previous index)`]
      : []),
    `*Daily digest:* ${escapeText(info.digest)}`,
    ...(info.store ? [`*State:* ${escapeText(info.store)}`] : []),
    ...(info.storeProblem ? [`:warning: *Not saving:* ${escapeText(info.storeProblem)}; answering still works`] : []),
    ...(info.feeds
      ? [
          `*Feeds:* ${info.feeds.total === 0 ? "none" : `${info.feeds.total}, ${info.feeds.failing.length ? `${info.feeds.failing.length} failing` : "all working"}`}`,
          ...info.feeds.failing
            .slice(0, 10)
            .map((f) => `• :warning: ${escapeText(truncate(f.url, 200))}: ${escapeText(truncate(f.error, 200))}`),
        ]
      : []),
  ];
  return fitMessage({
    text: `nkru status: ${counted(info.documents, "document")}, ${counted(info.passages, "passage")}.`,
    blocks: [section(lines.join("\n"))],
  });
}

export function homeView(
  sources: readonly SourceSummary[],
  examples: readonly string[],
  digest: DigestOffer,
): types.HomeView {
  const passages = sources.reduce((n, s) => n + s.passages, 0);
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: "nkru: North Korea–Russia, with sources" } },
    section(
      "nkru answers questions about the North Korea–Russia relationship with the one or two sentences from its articles that answer them, each cited with its title (linked), outlet and date. When the articles don't answer, it says so.",
    ),
    section(
      `*How to ask*\n${exampleLines(examples)}\n• Mention \`@nkru\` with a question in a channel; it answers in a thread.\n• Or send a direct message here, in the Messages tab.`,
    ),
    section(
      "*Add an article*\n• `/nkru add <link>` for a web page or a PDF.\n• Or send the link, or share a `.md`, `.txt`, `.html` or `.pdf` file, here in the Messages tab.",
    ),
    digestBlock(digest, "Your Messages tab"),
    { type: "divider" },
    section(`*${counted(sources.length, "article")}, ${counted(passages, "passage")}*`),
    section(
      `*Newest sources*\n${sources.length ? newestFirst(sources).slice(0, 10).map(sourceLine).join("\n") : "None yet."}${sources.length > 10 ? `\n…and ${sources.length - 10} more: \`/nkru sources\`` : ""}`,
    ),
  ];
  return { type: "home", blocks: fitMessage({ text: "", blocks }).blocks };
}
