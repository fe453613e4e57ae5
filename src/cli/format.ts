/**
 * Terminal rendering of answers and sources: numbered citations, wrapped to the
 * terminal, the words that answer in bold when the output is a colour terminal.
 */
import { shortDate } from "../core/corpus/dates.js";
import type { Digest } from "../core/digest/select-digest.js";
import type { SourceSummary } from "../core/knowledge-base.js";
import { supportNote, type ThreadSummary } from "../core/summarize/summarize-thread.js";
import type { AnswerResult, Excerpt } from "../core/types.js";
import type { IntakeOutcome } from "../ingest/article-intake.js";
import { counted } from "../markup/counts.js";

export interface Style {
  readonly color: boolean;
  readonly width: number;
}

const bold = (s: string, st: Style) => (st.color ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string, st: Style) => (st.color ? `\x1b[2m${s}\x1b[22m` : s);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Greedy word wrap; widths count visible characters only. */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  let visible = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const len = word.replace(/\x1b\[[0-9;]*m/g, "").length;
    if (visible > 0 && visible + 1 + len > width - indent.length) {
      lines.push(indent + line);
      line = word;
      visible = len;
    } else {
      line = visible > 0 ? `${line} ${word}` : word;
      visible += (visible > 0 ? 1 : 0) + len;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}

function highlight(a: Excerpt, st: Style): string {
  if (!st.color || a.highlight.length === 0) return a.excerpt;
  const words = [...a.highlight].sort((x, y) => y.length - x.length).map(escapeRegExp);
  return a.excerpt.replace(new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join("|")})(?![\\p{L}\\p{N}])`, "gu"), (m) =>
    bold(m, st),
  );
}

/** "Title · author · Outlet · 5 Jan 2025 · section [id] <url>": a terminal shows the address, it cannot link. */
export function citationLine(a: Excerpt): string {
  const parts = [a.source.title];
  if (a.source.author) parts.push(a.source.author);
  if (a.source.outlet) parts.push(a.source.outlet);
  if (a.source.date) parts.push(shortDate(a.source.date));
  if (a.source.section) parts.push(a.source.section);
  return `${parts.join(" · ")} [${a.source.id}]${a.source.url ? ` ${a.source.url}` : ""}`;
}

/** What `nkru add` did. */
export function formatIntake(outcome: IntakeOutcome): string {
  const d = outcome.document;
  const meta = [d.outlet, d.date ? shortDate(d.date) : null, `${counted(d.passageCount, "passage")}`].filter(Boolean);
  if (outcome.status === "already") {
    return `Already in the corpus${outcome.by === "text" ? " (the same text)" : ""}: ${d.title} [${d.id}] ${d.file}\n`;
  }
  const lines = [`Added: ${d.title} [${d.id}]`, `  ${meta.join(" · ")}`];
  if (d.url) lines.push(`  ${d.url}`);
  if (outcome.takeaway) lines.push(`  ${outcome.takeaway}`);
  return `${lines.join("\n")}\n`;
}

export function formatAnswer(result: AnswerResult, st: Style): string {
  const out: string[] = [bold(result.query || "(no question)", st), ""];
  if (result.confident) {
    // Weak excerpts are in --json; a reader sees the answer and what is close to it.
    result.answers
      .filter((a) => a.standing !== "weak")
      .forEach((a, i) => {
        const num = `${i + 1}. `;
        out.push(wrap(highlight(a, st), st.width, " ".repeat(num.length)).replace(/^ +/, num));
        out.push(
          dim(
            wrap(
              `— ${a.standing === "related" ? "related · " : ""}${citationLine(a)}`,
              st.width,
              " ".repeat(num.length),
            ),
            st,
          ),
        );
        out.push("");
      });
    if (result.notice) out.push(wrap(result.notice, st.width, ""), "");
    return out.join("\n");
  }
  out.push(wrap(`No answer: ${result.notice ?? "the corpus does not answer this."}`, st.width, ""));
  const s = result.suggestions;
  if (s?.topics.length) out.push(wrap(`The corpus covers: ${s.topics.join(", ")}.`, st.width, ""));
  if (s?.documents.length) {
    out.push("Documents:");
    for (const d of s.documents) out.push(wrap(`- ${d.title} [${d.id}]`, st.width, "  ").replace(/^ {2}/, ""));
  }
  out.push("");
  return out.join("\n");
}

export function formatSources(sources: readonly SourceSummary[], st: Style): string {
  if (sources.length === 0) return "No documents are indexed: the corpus folder has no readable .md or .txt files.\n";
  const total = sources.reduce((n, s) => n + s.passages, 0);
  const out = [bold(`${counted(sources.length, "document")}, ${counted(total, "passage")}`, st), ""];
  for (const s of sources) {
    out.push(`${s.id}  (${counted(s.passages, "passage")})`);
    out.push(wrap(s.title, st.width, "  "));
    const meta = [s.author, s.outlet, s.date ? shortDate(s.date) : s.period, s.url].filter((x): x is string =>
      Boolean(x),
    );
    if (meta.length) out.push(dim(wrap(meta.join(" · "), st.width, "  "), st));
    out.push("");
  }
  return out.join("\n");
}

export function formatSummary(s: ThreadSummary, st: Style): string {
  const out = [
    bold(`Thread summary: ${s.messageCount} messages from ${s.participants.map((p) => p.name).join(", ")}`, st),
    "",
    bold("Key points", st),
  ];
  s.keyPoints.forEach((p, i) => {
    out.push(wrap(`${p.text} (${p.name})`, st.width, "   ").replace(/^ {3}/, `${i + 1}. `));
    if (p.support) out.push(dim(wrap(`corpus: ${citationLine(p.support)}`, st.width, "    "), st));
  });
  if (s.keyPoints.length) out.push(dim(supportNote(s.keyPoints), st));
  if (s.askedToDo.length) {
    out.push("", bold("Asked to do", st));
    for (const a of s.askedToDo) out.push(wrap(`- ${a.text} (${a.name})`, st.width, "  ").replace(/^ {2}/, ""));
  }
  out.push("", bold("Open questions", st));
  if (s.openQuestions.length === 0) out.push("none");
  for (const q of s.openQuestions) out.push(wrap(`- ${q.text} (${q.name})`, st.width, "  ").replace(/^ {2}/, ""));
  out.push("", bold("From the corpus", st));
  if (s.related.length === 0) out.push("nothing on this thread's topic");
  s.related.forEach((a, i) => {
    out.push(wrap(a.excerpt, st.width, "   ").replace(/^ {3}/, `${i + 1}. `));
    out.push(dim(wrap(`— ${citationLine(a)}`, st.width, "   "), st));
  });
  out.push("");
  return out.join("\n");
}

export function formatDigest(d: Digest, st: Style): string {
  const out = [bold(d.headline, st), ""];
  const list = (items: Digest["takeaways"]) => {
    items.forEach((t, i) => {
      out.push(wrap(t.text, st.width, "   ").replace(/^ {3}/, `${i + 1}. `));
      out.push(
        dim(
          wrap(
            `— ${[t.source.title, t.source.author, t.source.outlet, t.source.date ? shortDate(t.source.date) : null, t.source.section].filter(Boolean).join(" · ")} [${t.source.id}]`,
            st.width,
            "   ",
          ),
          st,
        ),
      );
    });
  };
  if (d.new.length) {
    out.push(bold("New since the last digest", st));
    d.new.forEach((n, i) => {
      const meta = [n.document.outlet, n.document.date ? shortDate(n.document.date) : null].filter(Boolean).join(" · ");
      out.push(wrap(`${n.document.title}${meta ? ` (${meta})` : ""}`, st.width, "   ").replace(/^ {3}/, `${i + 1}. `));
      if (n.document.url) out.push(dim(`   ${n.document.url}`, st));
      if (n.takeaway) out.push(wrap(n.takeaway.text, st.width, "   "));
      if (n.alsoReportedBy.length)
        out.push(
          dim(
            wrap(`also reported by ${n.alsoReportedBy.map((a) => a.outlet ?? a.url).join(", ")}`, st.width, "   "),
            st,
          ),
        );
    });
    if (d.moreNew) out.push(dim(`   …and ${counted(d.moreNew, "more new article")}`, st));
    out.push("");
  }
  out.push(bold("Key takeaways", st));
  list(d.takeaways);
  out.push("");
  return out.join("\n");
}
