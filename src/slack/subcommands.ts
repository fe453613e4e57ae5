/**
 * The one table of nkru's subcommands, shared by `/nkru`, mentions and direct messages.
 * Help is generated from it and the manifest's usage hint is checked against it
 * (test/manifest.test.ts), so a subcommand added here is one everywhere.
 *
 * What the text asks for is parsed here; handling it is `listeners/replies.ts`'s job.
 */

export type SubcommandName = "help" | "sources" | "status" | "digest" | "summarize" | "reindex";

export interface Subcommand {
  readonly name: SubcommandName;
  /** As typed after `/nkru` or `@nkru`. */
  readonly usage: string;
  /** One line for help. */
  readonly help: string;
  /** The whole text it accepts. */
  readonly pattern: RegExp;
  /** Only for the users in ADMIN_USER_IDS. */
  readonly admin?: boolean;
  /** Slow: the slash command says this at once and replies through response_url when done. */
  readonly working?: string;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: "help", usage: "help", help: "this message", pattern: /^help[\s.!?]*$/i },
  { name: "sources", usage: "sources", help: "the indexed articles", pattern: /^sources[\s.!?]*$/i },
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
    name: "reindex",
    usage: "reindex",
    help: "re-read the corpus (admins only)",
    pattern: /^reindex[\s.!?]*$/i,
    admin: true,
    working: "Re-indexing the corpus; I'll tell you here when it's done.",
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

/** The help lines, one a subcommand: `prefix` is "/nkru" or "@nkru". */
export function subcommandLines(prefix: string): string[] {
  return [
    `\`${prefix} <question>\`: cited excerpts from the articles`,
    ...SUBCOMMANDS.map((s) => `\`${prefix} ${s.usage}\`: ${s.help}`),
  ];
}
