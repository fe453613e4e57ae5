/**
 * The one table of nkru's subcommands, shared by `/nkru`, mentions and direct messages.
 * Help is generated from it and the manifest's usage hint is checked against it
 * (test/manifest.test.ts), so a subcommand added here is one everywhere.
 *
 * What the text asks for is parsed here; handling it is `listeners/replies.ts`'s job.
 */

export type SubcommandName =
  | "help"
  | "sources"
  | "status"
  | "digest"
  | "summarize"
  | "add"
  | "remove"
  | "feeds"
  | "feedback"
  | "reindex";

/** Who may run a subcommand: anyone, whoever ADD_ARTICLES lets add articles, or the admins (ADMIN_USER_IDS). */
export type Role = "anyone" | "adders" | "admins";

export interface Subcommand {
  readonly name: SubcommandName;
  /** As typed after `/nkru` or `@nkru`. */
  readonly usage: string;
  /** One line for help. */
  readonly help: string;
  /** The whole text it accepts. */
  readonly pattern: RegExp;
  /** Who may run it, given the text (`feeds list` is anyone's, `feeds add` the admins'); default anyone. */
  readonly role?: (text: string) => Role;
  /** Slow: the slash command says this at once and replies through response_url when done. */
  readonly working?: (text: string) => string | null;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: "help", usage: "help", help: "this message", pattern: /^help[\s.!?]*$/i },
  {
    name: "sources",
    usage: "sources [page]",
    help: "the indexed articles, newest first, with who added them and when",
    pattern: /^sources(?:\s+(?:page\s+)?\d{1,4})?[\s.!?]*$/i,
  },
  {
    name: "status",
    usage: "status",
    help: "corpus size, index age, skipped files, the digest schedule",
    pattern: /^status[\s.!?]*$/i,
  },
  {
    name: "digest",
    usage: "digest [subscribe | unsubscribe | status]",
    help: "preview the daily digest, subscribe this channel to it or stop it, see its schedule",
    pattern: /^digest(?:\s+(?:subscribe|unsubscribe|status|preview))?[\s.!?]*$/i,
  },
  {
    name: "summarize",
    usage: "summarize",
    help: "in a thread, as `@nkru summarize`: key points, open questions and what the corpus says",
    pattern: /^(?:summari[sz]e|summary|tl;?\s?dr)\b[\s.!?]*(?:(?:this|the)\s+thread)?[\s.!?]*$/i,
  },
  {
    name: "add",
    usage: "add <link>",
    help: "add an article from a web page or PDF (or share a .md, .txt, .html or .pdf file with me in a direct message)",
    pattern: /^add\s+\S+[\s.!?]*$/i,
    role: () => "adders",
    working: (text) => `Fetching ${linkIn(text) ?? "the article"}; I'll tell you here when it's in the corpus.`,
  },
  {
    name: "remove",
    usage: "remove <article id>",
    help: "remove an added article (admins only)",
    pattern: /^remove\s+\S+[\s.!?]*$/i,
    role: () => "admins",
  },
  {
    name: "feeds",
    usage: "feeds [list | add <feed link> [keywords…] | remove <feed link>]",
    help: "the RSS and Atom feeds nkru reads new articles from; adding and removing are for admins",
    pattern: /^feeds(?:\s+list|\s+add\s+\S+(?:\s+[^\s].*)?|\s+remove\s+\S+)?[\s.!?]*$/i,
    role: (text) => (/^feeds\s+(?:add|remove)\b/i.test(text) ? "admins" : "anyone"),
    working: (text) =>
      /^feeds\s+add\b/i.test(text)
        ? "Reading the feed and adding its latest articles; I'll tell you here when it's done."
        : null,
  },
  {
    name: "feedback",
    usage: "feedback",
    help: "the week's 👍 and 👎, the worst-rated answers and the questions not answered (admins only)",
    pattern: /^feedback[\s.!?]*$/i,
    role: () => "admins",
  },
  {
    name: "reindex",
    usage: "reindex",
    help: "re-read the corpus (admins only)",
    pattern: /^reindex[\s.!?]*$/i,
    role: () => "admins",
    working: () => "Re-indexing the corpus; I'll tell you here when it's done.",
  },
];

export type Parsed =
  | { readonly kind: "subcommand"; readonly subcommand: Subcommand; readonly text: string }
  | { readonly kind: "question"; readonly text: string }
  /** A first word that names a subcommand, with the rest not one of its forms and not a question either. */
  | { readonly kind: "unknown"; readonly subcommand: Subcommand; readonly text: string };

/** Words that open a question, so "digest of the week?" is asked, not mistyped. */
const QUESTION_START =
  /^(?:who|whom|whose|what|when|where|which|why|how|is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|tell)\b/i;

export function parseRequest(raw: string): Parsed {
  const text = raw.trim();
  if (text === "") return { kind: "subcommand", subcommand: SUBCOMMANDS[0] as Subcommand, text };
  for (const subcommand of SUBCOMMANDS)
    if (subcommand.pattern.test(text)) return { kind: "subcommand", subcommand, text };
  const first = text.split(/\s+/)[0]?.toLowerCase() ?? "";
  const named = SUBCOMMANDS.find((s) => s.name === first || (s.name === "summarize" && /^summar/.test(first)));
  if (named && !readsAsQuestion(text)) return { kind: "unknown", subcommand: named, text };
  return { kind: "question", text };
}

/** A question mark, a question word first, or a sentence of five words or more. */
function readsAsQuestion(text: string): boolean {
  return /\?\s*$/.test(text) || QUESTION_START.test(text) || text.split(/\s+/).length >= 5;
}

/** The first web address in a text, if any. */
export function linkIn(text: string): string | null {
  return /\bhttps?:\/\/[^\s<>|]+/i.exec(text)?.[0]?.replace(/[.,;:!?)\]]+$/, "") ?? null;
}

/** The role a subcommand asks of whoever runs it with `text`. */
export function roleOf(subcommand: Subcommand, text: string): Role {
  return subcommand.role?.(text) ?? "anyone";
}

/** The help lines, one a subcommand: `prefix` is "/nkru" or "@nkru". */
export function subcommandLines(prefix: string): string[] {
  return [
    `\`${prefix} <question>\`: cited excerpts from the articles`,
    ...SUBCOMMANDS.map((s) => `\`${prefix} ${s.usage}\`: ${s.help}`),
  ];
}
