import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { EXIT, runCli } from "../../src/cli/run-cli.js";

async function run(argv: string[], input = "", env: Record<string, string> = {}, clock?: () => Date) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => {
    out += c;
  });
  stderr.on("data", (c) => {
    err += c;
  });
  const code = await runCli(argv, { stdin: Readable.from([input]), stdout, stderr, env, clock });
  return { code, out, err };
}

describe("the interactive console", () => {
  it("knows help, sources and quit, answers questions, and says the corpus size in agreeing words", async () => {
    const stdin = Object.assign(
      Readable.from(["help\nsources\nWho is Andrei Kozyrev?\nquit\nWhat is said after quit?\n"]),
      { isTTY: true },
    );
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    let out = "";
    stdout.on("data", (c) => {
      out += c;
    });
    const code = await runCli(["ask"], { stdin, stdout, stderr: new PassThrough(), env: { NO_COLOR: "1" } });
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/3 documents, 42 passages\. Ask a question; help, sources and quit also work\./);
    expect(out).toMatch(/"quit" or "exit"/); // help
    expect(out).toMatch(/fortify-alliance {2}\(\d+ passages\)/); // sources
    expect(out).toMatch(/former Russian foreign minister/); // the answer
    // The line after quit is echoed by the terminal but never answered.
    expect(out).not.toMatch(/No answer/);
  });
});

describe("nkru digest", () => {
  it("prints the digest for --date, the same each time", async () => {
    const first = await run(["digest", "--json", "--date", "2026-11-23"]);
    expect(first.code).toBe(EXIT.ok);
    const digest = JSON.parse(first.out);
    expect(digest.date).toBe("2026-11-23");
    expect(digest.headline).toMatch(/^Key takeaways for Monday, 23 November 2026/);
    expect(digest.takeaways.length).toBeGreaterThanOrEqual(5);
    expect((await run(["digest", "--json", "--date", "2026-11-23"])).out).toBe(first.out);
  });

  it("without --date, takes today from its clock in DIGEST_TZ", async () => {
    // 02:00 UTC on New Year's Day is still New Year's Eve in New York.
    const clock = () => new Date("2030-01-01T02:00:00Z");
    const ny = await run(["digest", "--json"], "", { DIGEST_TZ: "America/New_York" }, clock);
    expect(JSON.parse(ny.out).date).toBe("2029-12-31");
    const utc = await run(["digest", "--json"], "", {}, clock);
    expect(JSON.parse(utc.out).date).toBe("2030-01-01");
  });

  it("refuses a --date that is not a date", async () => {
    const { code, err } = await run(["digest", "--date", "2026-02-30"]);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/--date is not a real date/);
  });
});

describe("nkru ask", () => {
  it("prints the JSON contract for one question", async () => {
    const { code, out } = await run(["ask", "--json", "Who is Andrei Kozyrev?"]);
    expect(code).toBe(EXIT.ok);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ query: "Who is Andrei Kozyrev?", confident: true });
    expect(Object.keys(result.answers[0]).sort()).toEqual([
      "context",
      "excerpt",
      "highlight",
      "matched",
      "score",
      "source",
      "standing",
    ]);
    expect(Object.keys(result.answers[0].source).sort()).toEqual([
      "author",
      "date",
      "id",
      "outlet",
      "passage",
      "section",
      "title",
      "url",
    ]);
    expect(result.answers[0].excerpt).toMatch(/former Russian foreign minister/);
    expect(typeof result.answers[0].score).toBe("number");
  });

  it("joins unquoted words into one question", async () => {
    const { out } = await run(["ask", "--json", "Who", "is", "Kozyrev?"]);
    expect(JSON.parse(out).query).toBe("Who is Kozyrev?");
  });

  it("reads questions from standard input and prints one JSON line each, skipping blank lines", async () => {
    const { code, out } = await run(
      ["ask", "--json"],
      "Who is Andrei Kozyrev?\n\nWhat is the weather in Paris tomorrow?\n",
    );
    expect(code).toBe(EXIT.ok);
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.query, l.confident])).toEqual([
      ["Who is Andrei Kozyrev?", true],
      ["What is the weather in Paris tomorrow?", false],
    ]);
  });

  it("prints numbered citations for people", async () => {
    const { code, out } = await run(["ask", "Who is Andrei Kozyrev?"]);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/^1\. Andrei Kozyrev, a former Russian foreign minister/m);
    expect(out.replace(/\s+/g, " ")).toMatch(
      /— Putin and Kim Jong Un Seek to Fortify Their Alliance · Brandon Mitchell · Associated Medias · Mutually Beneficial Alliance \[fortify-alliance\]/,
    );
    expect(out).not.toMatch(/\x1b\[/); // not a terminal: no colour codes
  });

  it("exits 0 and says so when not confident", async () => {
    const { code, out } = await run(["ask", "What is the population of Brazil?"]);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/^No answer: /m);
    expect(out).toMatch(/The corpus covers: /);
  });
});

describe("nkru sources", () => {
  it("lists the documents with passage counts, as JSON too", async () => {
    const { code, out } = await run(["sources", "--json"]);
    expect(code).toBe(EXIT.ok);
    const { documents, skipped } = JSON.parse(out);
    expect(documents.map((d: { id: string; passages: number }) => d.id)).toEqual([
      "dangerous-partnership",
      "forge-alliance",
      "fortify-alliance",
    ]);
    expect(documents.every((d: { passages: number }) => d.passages > 0)).toBe(true);
    expect(skipped).toEqual([]);
    const text = await run(["sources"]);
    expect(text.out).toMatch(/^3 documents, \d+ passages/);
  });

  it("names skipped files on standard error and lists the rest", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nkru-cli-"));
    try {
      await writeFile(join(dir, "good.md"), "Good Title\n\nKozyrev criticised the deal.\n");
      await writeFile(join(dir, "bad.txt"), new Uint8Array([0x63, 0x61, 0x66, 0xe9]));
      const { code, out, err } = await run(["sources", "--json"], "", { CORPUS_DIR: dir });
      expect(code).toBe(EXIT.ok);
      expect(JSON.parse(out).documents).toHaveLength(1);
      expect(err).toBe("nkru: skipped bad.txt: not valid UTF-8 (save the file as UTF-8)\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("nkru summarize", () => {
  const fixture = fileURLToPath(new URL("../fixtures/thread-shells.json", import.meta.url));

  it("prints the JSON contract for a saved conversations.replies response", async () => {
    const { code, out } = await run(["summarize", "--json", fixture]);
    expect(code).toBe(EXIT.ok);
    const s = JSON.parse(out);
    expect(Object.keys(s).sort()).toEqual([
      "askedToDo",
      "keyPoints",
      "messageCount",
      "openQuestions",
      "participants",
      "related",
    ]);
    expect(s.messageCount).toBe(12);
    expect(Object.keys(s.keyPoints[0]).sort()).toEqual(["name", "support", "text", "ts", "user"]);
    expect(Object.keys(s.openQuestions[0]).sort()).toEqual(["name", "text", "ts", "user"]);
    expect(Object.keys(s.related[0]).sort()).toEqual([
      "context",
      "excerpt",
      "highlight",
      "matched",
      "score",
      "source",
      "standing",
    ]);
  });

  it("prints a readable summary", async () => {
    const { out } = await run(["summarize", fixture]);
    expect(out).toMatch(/^Thread summary: 12 messages from ana, ben, cho, dan/);
    expect(out).toMatch(/Open questions\n- Does anyone know whether Japan plans new unilateral sanctions/);
  });

  it.each([
    ["missing.json", /^nkru: cannot read .*missing\.json \(ENOENT\)\n$/],
    ["not-json", /is not JSON/],
    ["failed", /holds a failed Slack response \(error: not_in_channel\)/],
    ["no-messages", /has no "messages" list/],
  ])("%s: exits 1 with the reason", async (name, message) => {
    const dir = await mkdtemp(join(tmpdir(), "nkru-cli-"));
    try {
      await writeFile(join(dir, "not-json"), "{");
      await writeFile(join(dir, "failed"), JSON.stringify({ ok: false, error: "not_in_channel" }));
      await writeFile(join(dir, "no-messages"), JSON.stringify({ ok: true }));
      const { code, err } = await run(["summarize", join(dir, name)]);
      expect(code).toBe(EXIT.failed);
      expect(err).toMatch(message);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("explains a thread that cannot be summarized, and exits 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nkru-cli-"));
    try {
      await writeFile(
        join(dir, "one.json"),
        JSON.stringify({ ok: true, messages: [{ user: "U1", ts: "1.1", text: "Only me." }] }),
      );
      const { code, out } = await run(["summarize", join(dir, "one.json")]);
      expect(code).toBe(EXIT.ok);
      expect(out).toMatch(/only one message/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("usage and exit codes", () => {
  it("--help prints usage and exits 0", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/^nkru answers questions/);
    for (const cmd of ["ask", "sources", "summarize"]) {
      const sub = await run([cmd, "--help"]);
      expect(sub.code).toBe(EXIT.ok);
      expect(sub.out).toMatch(new RegExp(`^Usage: nkru ${cmd}`));
    }
  });

  it.each([
    [[], /^nkru answers/],
    [
      ["frobnicate"],
      /^nkru: unknown command "frobnicate" \(try: ask, sources, summarize, digest, add, feedback, index\)\. See nkru --help\.\n$/,
    ],
    [["summarize"], /^nkru: summarize needs a FILE/],
    [["summarize", "a", "b"], /^nkru: summarize takes one FILE/],
    [["ask", "--bogus"], /^nkru: Unknown option '--bogus'.*\. See nkru --help\.\n$/],
    [["ask", "--corpus"], /^nkru: Option '--corpus <value>' argument missing\. See nkru --help\.\n$/],
    [["sources", "extra"], /^nkru: sources takes no arguments, got "extra"\. See nkru --help\.\n$/],
  ])("%j exits 2 with a reason", async (argv, message) => {
    const { code, err } = await run(argv as string[]);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(message);
  });

  it("exits 1 naming a corpus folder that does not exist", async () => {
    const { code, err } = await run(["ask", "x"], "", { CORPUS_DIR: "/nonexistent/nkru" });
    expect(code).toBe(EXIT.failed);
    expect(err).toBe("nkru: corpus folder /nonexistent/nkru does not exist (set CORPUS_DIR or pass --corpus DIR)\n");
  });
});

describe("the installed command", () => {
  const bin = fileURLToPath(new URL("../../bin/nkru.js", import.meta.url));
  const exec = promisify(execFile);

  it("runs from bin/nkru.js with real exit codes", async () => {
    const ok = await exec(process.execPath, [bin, "ask", "--json", "Is Russia desperate?"]);
    expect(JSON.parse(ok.stdout).answers[0].excerpt).toMatch(/far from desperate/);
    const bad = await exec(process.execPath, [bin, "nope"]).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command/) });
  });
});

describe("nkru index", () => {
  it("draws a progress bar in place on a terminal, redrawn at most every 100 ms", async () => {
    const { progressView } = await import("../../src/cli/progress.js");
    let written = "";
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    terminal.on("data", (c) => {
      written += c;
    });
    let now = 0;
    const view = progressView(terminal, () => now);
    view.update({ stage: "analysing", done: 0, total: 4000 });
    now = 50;
    view.update({ stage: "analysing", done: 1000, total: 4000 }); // too soon: not drawn
    now = 150;
    view.update({ stage: "analysing", done: 2000, total: 4000 });
    view.update({ stage: "analysing", done: 4000, total: 4000 }); // the end is always drawn
    view.update({ stage: "indexing", done: 0, total: 4000 });
    view.finish();
    await new Promise((r) => setImmediate(r));
    const frames = written.split("\r").filter(Boolean);
    expect(frames.map((f) => /(\d+)% ([\d,]+) of/.exec(f)?.slice(1, 3).join(" "))).toEqual([
      "0 0",
      "50 2,000",
      "100 4,000",
      "0 0",
    ]);
    expect(frames[1]).toMatch(/analysing █{15}░{15}/);
    // A new stage starts on its own line, and the last line is ended.
    expect(frames[2]).toMatch(/\n$/);
    expect(written.endsWith("\n")).toBe(true);
  });

  it("builds and saves the index and takeaways the app loads, then finds them up to date", async () => {
    const { loadKnowledgeBase } = await import("../../src/io/load-knowledge-base.js");
    const { FolderShelf } = await import("../../src/io/article-shelf.js");
    const { BUNDLED_CORPUS_DIR, indexFileOf, takeawaysFileOf, articlesDirOf } = await import("../../src/config.js");
    const dataDir = await mkdtemp(join(tmpdir(), "nkru-cli-index-"));
    try {
      const first = await run(["index"], "", { DATA_DIR: dataDir });
      expect(first.code).toBe(EXIT.ok);
      expect(first.err).toMatch(/3 documents, \d+ passages: indexed and saved to .*index\.json/);
      expect(first.err).toMatch(/15 takeaways saved to .*takeaways\.json/);
      // Not a terminal: a line per stage and tenth, never a redrawn bar.
      expect(first.err).toMatch(/^nkru index: parsing 100% \(3 of 3 files\)$/m);
      expect(first.err).toMatch(/^nkru index: analysing 100% \((\d+) of \1 passages\)$/m);
      expect(first.err).toMatch(/^nkru index: indexing 100% \((\d+) of \1 passages\)$/m);
      expect(first.err).not.toContain("\r");
      const again = await run(["index"], "", { DATA_DIR: dataDir });
      expect(again.err).toMatch(/index\.json is up to date/);
      expect(again.err).toMatch(/takeaways up to date/);
      // What the app does at start-up: the saved index and takeaways are used as they are.
      const loaded = await loadKnowledgeBase({
        corpusDir: BUNDLED_CORPUS_DIR,
        articles: new FolderShelf(articlesDirOf(dataDir)),
        indexFile: indexFileOf(dataDir),
        takeawaysFile: takeawaysFileOf(dataDir),
      });
      expect(loaded.kb.indexOrigin).toBe("loaded");
      expect(loaded.kb.takeawaysLoaded).toBe(true);
      expect((await run(["index", "extra"], "", { DATA_DIR: dataDir })).code).toBe(EXIT.usage);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("nkru add", () => {
  it("adds a page and a file into DATA_DIR/articles, answers from them afterwards, and never adds one twice", async () => {
    const { readFileSync } = await import("node:fs");
    const { serve, webServer } = await import("../helpers/web-server.js");
    const html = readFileSync(new URL("../fixtures/pages/wire-story.html", import.meta.url), "utf8");
    const web = await webServer({ "/wire": serve("text/html", html) });
    const dataDir = await mkdtemp(join(tmpdir(), "nkru-cli-add-"));
    const env = { DATA_DIR: dataDir, FETCH_ALLOW_HOSTS: "127.0.0.1" };
    try {
      const added = await run(["add", web.url("/wire")], "", env);
      expect(added.code).toBe(EXIT.ok);
      expect(added.out).toMatch(
        /^Added: Rail link to Rason reopens for freight \[rail-link-to-rason-reopens-for-freight\]\n {2}Northeast Asia Wire · 14 Mar 2025 · \d+ passages\n/,
      );
      // A later run (a restart) reads what was added.
      const answer = await run(["ask", "How many trains a week are planned on the Rason rail link?"], "", env);
      expect(answer.out).toMatch(/Three trains a week are planned by the summer/);
      expect(answer.out).toContain(web.url("/2025/03/rail-link-rason-freight"));
      const again = await run(["add", web.url("/wire")], "", env);
      expect(again.out).toMatch(
        /^Already in the corpus: Rail link to Rason reopens for freight \[rail-link-to-rason-reopens-for-freight\] added\/rail-link-to-rason-reopens-for-freight\.md/,
      );

      const file = join(dataDir, "notes.txt");
      await writeFile(
        file,
        `Grain across the Tumen\n\nBy Jane Roe\n\n${"Russia delivered wheat and flour to North Korea by rail through Khasan, customs data show. ".repeat(6)}\n`,
      );
      expect((await run(["add", file], "", env)).out).toMatch(/^Added: Grain across the Tumen/);
      const missing = await run(["add", join(dataDir, "nope.md")], "", env);
      expect(missing).toMatchObject({
        code: EXIT.failed,
        err: expect.stringMatching(/cannot read .*nope\.md \(ENOENT\)/),
      });
      const refused = await run(["add", "http://10.0.0.1/"], "", env);
      expect(refused).toMatchObject({
        code: EXIT.failed,
        err: expect.stringMatching(/could not add http:\/\/10\.0\.0\.1\/: 10\.0\.0\.1 points to a private network/),
      });
      expect((await run(["add"], "", env)).code).toBe(EXIT.usage);
    } finally {
      await web.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("nkru feedback", () => {
  it("prints the week's votes, and every vote as CSV, from the store the app writes", async () => {
    const { SqliteStore } = await import("../../src/store/sqlite-store.js");
    const { answerKey } = await import("../../src/store/store.js");
    const dataDir = await mkdtemp(join(tmpdir(), "nkru-cli-feedback-"));
    try {
      const store = new SqliteStore(join(dataDir, "nkru.db"));
      const q = 'Who is "Andrei" Kozyrev, really?';
      await store.recordFeedback({
        at: "2026-11-22T10:00:00.000Z",
        user: "U1",
        answer: answerKey(q, ["a#1"]),
        vote: "down",
        question: q,
        cited: ["a#1"],
        channel: "C1",
      });
      await store.setFeedbackReason("U1", answerKey(q, ["a#1"]), { kind: "wrong_excerpt", text: "line one\nline two" });
      await store.recordFeedback({
        at: "2026-11-22T11:00:00.000Z",
        user: "U2",
        answer: answerKey("x", []),
        vote: "up",
        question: "x",
        cited: [],
        channel: null,
      });
      await store.recordFeedback({
        at: "2026-10-01T11:00:00.000Z",
        user: "U3",
        answer: answerKey("old", []),
        vote: "up",
        question: "old",
        cited: [],
        channel: null,
      });
      await store.close();
      const clock = () => new Date("2026-11-23T12:00:00Z");
      const text = await run(["feedback"], "", { DATA_DIR: dataDir }, clock);
      expect(text.out).toBe(
        `2 votes in the last 7 days: 1 up, 1 down\n  down: ${q} (wrong_excerpt: line one\nline two)\n`,
      );
      const csv = await run(["feedback", "--csv", "--days", "90"], "", { DATA_DIR: dataDir }, clock);
      expect(csv.out.split("\n")[0]).toBe("at,user,vote,reason,note,question,cited,channel");
      expect(csv.out).toContain(
        `2026-11-22T10:00:00.000Z,U1,down,wrong_excerpt,"line one\nline two","Who is ""Andrei"" Kozyrev, really?",a#1,C1`,
      );
      expect(csv.out).toContain("2026-10-01T11:00:00.000Z,U3,up,,,old,,");
      expect((await run(["feedback", "--days", "soon"], "", { DATA_DIR: dataDir })).code).toBe(EXIT.usage);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
