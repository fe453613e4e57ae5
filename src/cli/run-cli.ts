/**
 * The `nkru` command: answers and sources in a terminal, with no Slack at all.
 * Takes its streams and environment as arguments so tests run it in process.
 */
import { mkdir, readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { type Clock, systemClock } from "../clock.js";
import {
  allowHostsFrom,
  articlesDirOf,
  corpusDirFrom,
  dataDirFrom,
  digestTimezoneFrom,
  type Env,
  indexFileOf,
  takeawaysFileOf,
} from "../config.js";
import { drain } from "../core/centrality/centrality.js";
import type { KnowledgeBase } from "../core/knowledge-base.js";
import { ArticleIntake, type ArticleSource } from "../ingest/article-intake.js";
import { type ArticleShelf, FolderShelf } from "../io/article-shelf.js";
import { CorpusFolderError } from "../io/corpus-folder.js";
import { loadKnowledgeBase, saveTakeaways } from "../io/load-knowledge-base.js";
import { localDate } from "../jobs/digest-schedule.js";
import { KnowledgeHolder } from "../knowledge-holder.js";
import { createLogger } from "../logger.js";
import { counted } from "../markup/counts.js";
import { namesFromProfiles, type SlackMessage, toThreadMessages } from "../markup/thread-messages.js";
import { failed, ok, type Result } from "../result.js";
import { openStore } from "../store/open-store.js";
import { StoreShelf } from "../store/store-shelf.js";
import { formatAnswer, formatDigest, formatIntake, formatSources, formatSummary, type Style } from "./format.js";
import { progressView } from "./progress.js";

export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable;
  readonly env: Env;
  /** The clock that says what "today" is for `digest` without `--date`; default the machine's. */
  readonly clock?: Clock;
}

/** Exit codes: 0 done (also when not confident), 1 could not run, 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const USAGE = `nkru answers questions about the North Korea–Russia relationship with cited
excerpts from a corpus of articles.

Usage:
  nkru ask [options] [QUESTION...]   answer a question; with none, read one a line from standard input
  nkru sources [options]             list the indexed documents with passage counts
  nkru summarize [options] FILE      summarize a saved Slack thread (a conversations.replies response)
  nkru digest [--date YYYY-MM-DD]    the daily digest of key takeaways for a date (default today)
  nkru add LINK|FILE                 add an article from a web page, a PDF, or a .md/.txt/.html/.pdf file
  nkru feedback [--csv] [--days N]   the votes on answers (default the last 7 days), as text or CSV
  nkru index [--index FILE]          build and save the index and takeaways the app and every replica load
  nkru COMMAND --help                help on one command

Options:
  --json           print JSON (one object a line when reading standard input)
  --corpus DIR     corpus folder (default: $CORPUS_DIR, else the bundled corpus)
  --index FILE     save the index to FILE and reuse it while the corpus is unchanged
  -h, --help       show help
`;

const CONSOLE_HELP = `Type a question about North Korea and Russia and press Enter: nkru answers with cited
excerpts. Also: "sources" lists the indexed articles, "help" shows this, "quit" or "exit"
(or Ctrl-D) ends.
`;

const COMMAND_HELP: Record<string, string> = {
  index: `Usage: nkru index [--corpus DIR] [--index FILE]

Builds the index of the corpus folder and the added articles and saves it, with the
parsed documents, to FILE (default $DATA_DIR/index.json), and their takeaways beside
it ($DATA_DIR/takeaways.json): what the app loads at start-up while the corpus is
unchanged. Run it in its own process, before starting a large corpus's replicas, so
that none of them builds it. Prints each step with its time on standard error.
`,
  feedback: `Usage: nkru feedback [--csv] [--days N]

The 👍 and 👎 people gave answers in Slack over the last N days (default 7), read from
the store the app uses ($DATABASE_URL, else $DATA_DIR/nkru.db). As text: the counts and
the worst-rated answers. With --csv: one line a vote (at, user, vote, reason, note,
question, cited, channel), for a spreadsheet.
`,
  add: `Usage: nkru add [--json] [--corpus DIR] LINK|FILE

Fetches the article at LINK (a web page or a PDF), or reads FILE (.md, .txt, .html or
.pdf), and saves it as a Markdown file in $DATA_DIR/articles (default ./data/articles),
where nkru (the command line and the Slack app) reads it beside the corpus folder.
An article already there (the same address, or the same text under another address) is
not added twice. Only public addresses are fetched, unless FETCH_ALLOW_HOSTS names them.
`,
  ask: `Usage: nkru ask [--json] [--corpus DIR] [--index FILE] [QUESTION...]

Prints up to three excerpts that answer QUESTION, best first, each with its citation.
When the corpus has no answer it says so and lists what the corpus covers.
With no QUESTION, reads questions one a line from standard input (an interactive
prompt in a terminal) and prints one result for each.

--json prints {"query", "confident", "answers": [{"excerpt", "source": {"id", "title",
"author", "section", "passage"}, "score", "context", "matched"}], "notice", "suggestions"}.

Example: nkru ask "What has North Korea supplied Russia for the war in Ukraine?"
`,
  summarize: `Usage: nkru summarize [--json] [--corpus DIR] FILE

Summarizes a Slack thread saved as the JSON that conversations.replies returns:
participants, the key points (3 to 7 once a thread has 6 messages; each with the
corpus excerpt that supports it, when one does), what people were asked to do, open
questions, and the corpus excerpts most relevant to the thread.

--json prints {"participants", "messageCount", "keyPoints": [{"text", "user", "name",
"ts", "support"}], "askedToDo": [{"text", "user", "name", "ts", "asked"}],
"openQuestions": [{"text", "user", "name", "ts"}], "related": [...]}.
`,
  digest: `Usage: nkru digest [--date YYYY-MM-DD] [--json] [--corpus DIR]

Prints the digest for a date (default: today in $DIGEST_TZ, else UTC): a headline and
5 to 7 key takeaways, each cited. The same date always gives the same digest; over an
unchanged corpus consecutive dates rotate through the takeaways.

--json prints {"date", "headline", "new": [...], "takeaways": [{"text", "source": {"id",
"title", "author", "section", "passage"}}]}.
`,
  sources: `Usage: nkru sources [--json] [--corpus DIR]

Lists the indexed documents (id, title, author, outlet, period) with their passage
counts, and names any file that was skipped and why.
`,
};

const OPTIONS = {
  json: { type: "boolean" },
  corpus: { type: "string" },
  index: { type: "string" },
  date: { type: "string" },
  csv: { type: "boolean" },
  days: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once("drain", resolve);
  });
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usageFailure(io, (error as Error).message.split("\n")[0] ?? "bad arguments");
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;

  if (!command) {
    await write(values.help ? io.stdout : io.stderr, USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (command === "help") {
    const topic = rest[0];
    await write(io.stdout, topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : USAGE);
    return EXIT.ok;
  }
  const help = COMMAND_HELP[command];
  if (!help)
    return usageFailure(
      io,
      `unknown command "${command}" (try: ask, sources, summarize, digest, add, feedback, index)`,
    );
  if (values.help) {
    await write(io.stdout, help);
    return EXIT.ok;
  }
  if (command === "index" && rest.length) return usageFailure(io, `index takes no arguments, got "${rest.join(" ")}"`);
  if (command === "sources" && rest.length > 0) {
    return usageFailure(io, `sources takes no arguments, got "${rest.join(" ")}"`);
  }
  if (command === "summarize" && rest.length !== 1) {
    return usageFailure(
      io,
      rest.length ? "summarize takes one FILE" : "summarize needs a FILE (a saved conversations.replies response)",
    );
  }
  if (command === "feedback") return await feedback(values, io);
  if (values.csv !== undefined || values.days !== undefined)
    return usageFailure(io, "--csv and --days go with feedback");
  if (command === "add" && rest.length !== 1) {
    return usageFailure(io, rest.length ? "add takes one LINK or FILE" : "add needs a LINK or a FILE");
  }
  if (values.date !== undefined && command !== "digest") return usageFailure(io, "--date goes with digest");
  if (command === "digest" && rest.length > 0)
    return usageFailure(io, `digest takes no arguments, got "${rest.join(" ")}"`);
  const date = values.date ?? localDate(digestTimezoneFrom(io.env), (io.clock ?? systemClock)());
  if (command === "digest" && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return usageFailure(io, `--date must be a date as YYYY-MM-DD, got "${date}"`);
  }
  let thread: SlackMessage[] = [];
  if (command === "summarize") {
    const read = await readThreadFile(rest[0] as string);
    if (!read.ok) {
      await write(io.stderr, `nkru: ${read.message}\n`);
      return EXIT.failed;
    }
    thread = read.value;
  }

  let kb: KnowledgeBase;
  // Added articles as the app keeps them: files in DATA_DIR/articles, or rows of DATABASE_URL's database.
  const databaseUrl = io.env.DATABASE_URL?.trim() || null;
  const shared = databaseUrl
    ? await openStore({
        dataDir: dataDirFrom(io.env),
        databaseUrl,
        logger: createLogger({ level: "silent" }),
        now: io.clock ?? systemClock,
      }).catch((error: Error) => error)
    : null;
  if (shared instanceof Error) {
    await write(io.stderr, `nkru: cannot open DATABASE_URL's database: ${shared.message}\n`);
    return EXIT.failed;
  }
  const folders = {
    corpusDir: values.corpus ?? corpusDirFrom(io.env),
    articles: shared
      ? new StoreShelf(shared, io.clock ?? systemClock)
      : new FolderShelf(articlesDirOf(dataDirFrom(io.env))),
  };
  try {
    return await runWithShelf();
  } finally {
    await shared?.close();
  }

  async function runWithShelf(): Promise<number> {
    if (command === "index") return await buildIndex(folders, values.index ?? null, io);
    try {
      const loaded = await loadKnowledgeBase({ ...folders, indexFile: values.index ?? null });
      kb = loaded.kb;
      for (const s of kb.corpus.skipped) await write(io.stderr, `nkru: skipped ${s.file}: ${s.reason}\n`);
      if (loaded.saveError) await write(io.stderr, `nkru: ${loaded.saveError}\n`);
      if (kb.corpus.documents.length === 0)
        await write(io.stderr, "nkru: the corpus is empty: no documents were loaded\n");
    } catch (error) {
      if (error instanceof CorpusFolderError) {
        await write(io.stderr, `nkru: ${error.message} (set CORPUS_DIR or pass --corpus DIR)\n`);
        return EXIT.failed;
      }
      throw error;
    }

    const style: Style = {
      color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR && io.env.TERM !== "dumb",
      width: Math.max(40, Math.min(io.stdout.columns ?? 88, 100)),
    };
    if (command === "add") return await add(kb, rest[0] as string, folders, Boolean(values.json), io);
    if (command === "sources") {
      const sources = kb.sources();
      await write(
        io.stdout,
        values.json
          ? `${JSON.stringify({ documents: sources, skipped: kb.corpus.skipped })}\n`
          : formatSources(sources, style),
      );
      return EXIT.ok;
    }
    if (command === "digest") {
      let digest: ReturnType<KnowledgeBase["digest"]>;
      try {
        digest = kb.digest(date);
      } catch (error) {
        return usageFailure(io, `--date is not a real date: ${(error as Error).message}`);
      }
      const plain = (t: { text: string; source: unknown }) => ({ text: t.text, source: t.source });
      await write(
        io.stdout,
        values.json
          ? `${JSON.stringify({ date: digest.date, headline: digest.headline, new: digest.new.map((n) => ({ document: n.document, takeaway: n.takeaway ? plain(n.takeaway) : null, alsoReportedBy: n.alsoReportedBy })), moreNew: digest.moreNew, takeaways: digest.takeaways.map(plain) })}\n`
          : formatDigest(digest, style),
      );
      return EXIT.ok;
    }
    if (command === "summarize") {
      const result = kb.summarizeThread(toThreadMessages(thread, namesFromProfiles(thread)));
      if (values.json) await write(io.stdout, `${JSON.stringify(result.ok ? result.summary : result)}\n`);
      else await write(io.stdout, result.ok ? formatSummary(result.summary, style) : `${result.message}\n`);
      return EXIT.ok;
    }
    return await ask(kb, rest, Boolean(values.json), style, io);
  }
}

async function ask(
  kb: KnowledgeBase,
  words: readonly string[],
  json: boolean,
  style: Style,
  io: CliIo,
): Promise<number> {
  const render = (question: string) => {
    const result = kb.answer(question);
    return json ? `${JSON.stringify(result)}\n` : `${formatAnswer(result, style)}\n`;
  };
  if (words.length > 0) {
    await write(io.stdout, render(words.join(" ")));
    return EXIT.ok;
  }
  const interactive = Boolean(io.stdin.isTTY) && Boolean(io.stdout.isTTY) && !json;
  const rl = createInterface({ input: io.stdin, output: interactive ? io.stdout : undefined, terminal: interactive });
  if (interactive) {
    await write(
      io.stdout,
      `nkru: ${counted(kb.corpus.documents.length, "document")}, ${counted(kb.passageCount, "passage")}. Ask a question; help, sources and quit also work.\n`,
    );
    rl.setPrompt("nkru> ");
    rl.prompt();
  }
  for await (const line of rl) {
    const question = line.trim();
    // At the prompt, a few words are the console's own; piped input is questions only, a line each.
    const word = interactive ? question.toLowerCase() : "";
    if (word === "exit" || word === "quit") break;
    if (word === "help") await write(io.stdout, CONSOLE_HELP);
    else if (word === "sources") await write(io.stdout, formatSources(kb.sources(), style));
    else if (question) await write(io.stdout, render(question));
    if (interactive) rl.prompt();
  }
  rl.close();
  return EXIT.ok;
}

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string | null): string {
  const v = value ?? "";
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** `nkru feedback`: the votes from the store the app uses. */
async function feedback(values: { csv?: boolean; days?: string }, io: CliIo): Promise<number> {
  const days = values.days === undefined ? 7 : Number(values.days);
  if (!Number.isInteger(days) || days < 1)
    return usageFailure(io, `--days must be a whole number of days, got "${values.days}"`);
  const clock = io.clock ?? systemClock;
  const url = io.env.DATABASE_URL?.trim() || null;
  const store = await openStore({
    dataDir: dataDirFrom(io.env),
    databaseUrl: url,
    logger: createLogger({ level: "silent" }),
    now: clock,
  }).catch((error: Error) => error);
  if (store instanceof Error) {
    await write(io.stderr, `nkru: cannot open the store: ${store.message}\n`);
    return EXIT.failed;
  }
  try {
    const since = new Date(clock().getTime() - days * 86_400_000).toISOString();
    const votes = await store.feedback(since);
    if (values.csv) {
      const rows = [["at", "user", "vote", "reason", "note", "question", "cited", "channel"].join(",")];
      for (const v of votes) {
        rows.push(
          [
            v.at,
            v.user,
            v.vote,
            v.reason?.kind ?? "",
            v.reason?.text ?? "",
            v.question,
            v.cited.join(" "),
            v.channel ?? "",
          ]
            .map(csvField)
            .join(","),
        );
      }
      await write(io.stdout, `${rows.join("\n")}\n`);
      return EXIT.ok;
    }
    const up = votes.filter((v) => v.vote === "up").length;
    const lines = [
      `${counted(votes.length, "vote")} in the last ${counted(days, "day")}: ${up} up, ${votes.length - up} down`,
    ];
    for (const v of votes.filter((x) => x.vote === "down").slice(-20)) {
      lines.push(
        `  down: ${v.question}${v.reason ? ` (${[v.reason.kind, v.reason.text].filter(Boolean).join(": ")})` : ""}`,
      );
    }
    await write(io.stdout, `${lines.join("\n")}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** `nkru add`: the intake the Slack app uses, with the command line as who added it. */
async function add(
  kb: KnowledgeBase,
  target: string,
  folders: { corpusDir: string; articles: ArticleShelf },
  json: boolean,
  io: CliIo,
): Promise<number> {
  const clock = io.clock ?? systemClock;
  const knowledge = new KnowledgeHolder(clock);
  knowledge.set(kb, 0);
  const intake = new ArticleIntake({
    shelf: folders.articles,
    knowledge,
    reload: async () => {
      const loaded = await loadKnowledgeBase(folders);
      knowledge.set(loaded.kb, loaded.loadMs);
      return {
        ok: true,
        documents: loaded.kb.corpus.documents.length,
        passages: loaded.kb.passageCount,
        ms: loaded.loadMs,
      };
    },
    policy: { allow: allowHostsFrom(io.env) },
    logger: createLogger({ level: "silent" }),
    clock,
  });
  let source: ArticleSource;
  if (/^https?:\/\//i.test(target)) source = { kind: "url", url: target };
  else {
    const bytes = await readFile(target).catch((error: NodeJS.ErrnoException) => error);
    if (bytes instanceof Error) {
      await write(io.stderr, `nkru: cannot read ${target} (${bytes.code ?? bytes.message})\n`);
      return EXIT.failed;
    }
    source = { kind: "file", name: target, bytes };
  }
  const result = await intake.add(source, { by: "cli" });
  if (json) {
    await write(
      io.stdout,
      `${JSON.stringify(result.ok ? { status: result.value.status, document: result.value.document } : { error: result.code, message: result.message })}\n`,
    );
    return result.ok ? EXIT.ok : EXIT.failed;
  }
  if (!result.ok) {
    await write(io.stderr, `nkru: could not add ${target}: ${result.message ?? result.code}\n`);
    return EXIT.failed;
  }
  await write(io.stdout, formatIntake(result.value));
  return EXIT.ok;
}

function usageFailure(io: CliIo, reason: string): number {
  io.stderr.write(`nkru: ${reason}. See nkru --help.\n`);
  return EXIT.usage;
}

/** The messages of a saved conversations.replies response, or why they cannot be read. */
async function readThreadFile(path: string): Promise<Result<SlackMessage[]>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return failed(code, `cannot read ${path} (${code})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return failed("not_json", `${path} is not JSON: save the response of conversations.replies as it comes`);
  }
  const d = data as { ok?: boolean; error?: string; messages?: unknown };
  if (d && d.ok === false) {
    return failed("slack_error", `${path} holds a failed Slack response (error: ${d.error ?? "unknown"})`);
  }
  const messages = Array.isArray(data) ? data : d?.messages;
  if (!Array.isArray(messages)) {
    return failed("no_messages", `${path} has no "messages" list: expected a conversations.replies response`);
  }
  return ok(messages.filter((m): m is SlackMessage => typeof m === "object" && m !== null));
}

/**
 * `nkru index`: builds and saves the index and the takeaways, step by step on standard
 * error, for the app and its replicas to load. The added articles are read as the app
 * reads them: DATA_DIR/articles, or DATABASE_URL's rows.
 */
async function buildIndex(
  folders: { readonly corpusDir: string; readonly articles: ArticleShelf },
  index: string | null,
  io: CliIo,
): Promise<number> {
  const dataDir = dataDirFrom(io.env);
  const indexFile = index ?? indexFileOf(dataDir);
  const takeawaysFile = takeawaysFileOf(dataDir);
  const step = (text: string) => write(io.stderr, `nkru index: ${text}\n`);
  const started = performance.now();
  const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;
  await step(`reading ${folders.corpusDir} and the added articles`);
  let loaded: Awaited<ReturnType<typeof loadKnowledgeBase>>;
  const progress = progressView(io.stderr, () => performance.now());
  try {
    await mkdir(dataDir, { recursive: true });
    loaded = await loadKnowledgeBase({ ...folders, indexFile, takeawaysFile, progress: (p) => progress.update(p) });
  } catch (error) {
    progress.finish();
    await write(io.stderr, `nkru: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  progress.finish();
  const { kb } = loaded;
  for (const s of kb.corpus.skipped) await write(io.stderr, `nkru: skipped ${s.file}: ${s.reason}\n`);
  const size = `${counted(kb.corpus.documents.length, "document")}, ${counted(kb.passageCount, "passage")}`;
  if (loaded.saveError) {
    await write(io.stderr, `nkru: ${loaded.saveError}\n`);
    return EXIT.failed;
  }
  await step(
    kb.indexOrigin === "loaded"
      ? `${size}: ${indexFile} is up to date (${seconds(started)})`
      : `${size}: indexed and saved to ${indexFile} (${seconds(started)})`,
  );
  const takeawaysStarted = performance.now();
  const takeaways = drain(kb.takeawaysInSteps());
  const saved = await saveTakeaways(kb, takeawaysFile);
  if (!saved.ok) {
    await write(io.stderr, `nkru: ${saved.message}\n`);
    return EXIT.failed;
  }
  await step(
    `${counted(takeaways.length, "takeaway")} ${kb.takeawaysLoaded ? "up to date in" : "saved to"} ${takeawaysFile} (${seconds(takeawaysStarted)})`,
  );
  return EXIT.ok;
}
