/**
 * Help, sources, status and App Home: what nkru is and what it holds. Pure builders.
 */
import type { types } from "@slack/bolt";
import type { SourceSummary } from "../../core/knowledge-base.js";
import type { SkippedFile } from "../../core/types.js";
import { counted } from "../../markup/counts.js";
import { escapeText } from "../mrkdwn.js";
import { context, section } from "./kit.js";
import { type Block, fitMessage, type Message } from "./limits.js";

function exampleLines(examples: readonly string[]): string {
  return examples.map((e) => `• \`/nkru ${escapeText(e)}\``).join("\n");
}

/** Help: what nkru is, example questions, and one line for each subcommand (from subcommands.ts). */
export function helpMessage(examples: readonly string[], commandLines: readonly string[], lead?: string): Message {
  const blocks: Block[] = [
    section(
      `${lead ? `${escapeText(lead)}\n\n` : ""}*nkru* answers questions about the North Korea–Russia relationship with cited excerpts from its corpus of articles.`,
    ),
    section(`*Ask a question*\n${exampleLines(examples) || "• `/nkru What has North Korea supplied Russia?`"}`),
    section(
      [
        "*Commands*",
        ...commandLines.map((l) => `• ${l}`),
        "You can also mention `@nkru` with a question in a channel (it answers in a thread) or send it a direct message.",
      ].join("\n"),
    ),
  ];
  return fitMessage({ text: "nkru: ask /nkru <question> for cited answers about North Korea and Russia.", blocks });
}

function sourceLine(s: SourceSummary): string {
  const meta = [s.author, s.outlet, s.period].filter((x): x is string => Boolean(x)).map(escapeText);
  return `• *${escapeText(s.title)}* \`${escapeText(s.id)}\` · ${counted(s.passages, "passage")}${meta.length ? `\n   ${meta.join(" · ")}` : ""}`;
}

export function sourcesMessage(sources: readonly SourceSummary[]): Message {
  if (sources.length === 0) {
    return fitMessage({
      text: "No documents are indexed.",
      blocks: [section("No documents are indexed: the corpus folder has no readable articles.")],
    });
  }
  const passages = sources.reduce((n, s) => n + s.passages, 0);
  const blocks: Block[] = [section(`*${counted(sources.length, "document")}, ${counted(passages, "passage")}*`)];
  for (const s of sources) blocks.push(section(sourceLine(s)));
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
  ];
  return fitMessage({
    text: `nkru status: ${counted(info.documents, "document")}, ${counted(info.passages, "passage")}.`,
    blocks: [section(lines.join("\n"))],
  });
}

export function homeView(
  sources: readonly SourceSummary[],
  examples: readonly string[],
  digest: string,
): types.HomeView {
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: "nkru: North Korea–Russia, with sources" } },
    section(
      "nkru answers questions about the North Korea–Russia relationship with the one or two sentences from its articles that answer them, each cited with its title, author and section. When the articles don't answer, it says so.",
    ),
    section(
      `*How to ask*\n${exampleLines(examples)}\n• Mention \`@nkru\` with a question in a channel; it answers in a thread.\n• Or send a direct message here, in the Messages tab.`,
    ),
    { type: "divider" },
    section(`*Indexed sources*\n${sources.length ? sources.map(sourceLine).join("\n") : "None yet."}`),
    context(`Daily digest: ${escapeText(digest)}`),
  ];
  return { type: "home", blocks: fitMessage({ text: "", blocks }).blocks };
}
