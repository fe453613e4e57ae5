/**
 * Load test of the built app as a process: `node dist/main.js` in HTTP mode, a local
 * stand-in for the Slack Web API, and autocannon driving pre-signed `/nkru` slash commands
 * with a varied set of questions at N concurrent connections for D seconds.
 *
 *   npm run build && npx tsx bench/load.ts [--json] [--duration 30] [--connections 50]
 *                                          [--corpus DIR] [--generate 50000] [--ready-timeout 600]
 *                                          [--app-log FILE]   (the app's JSON log lines, for diagnosis)
 *
 * Runs the bundled corpus, then the folder given with --corpus, then with --generate N a
 * corpus of about N passages from bench/generate-corpus.ts (`generateCorpus(n)`), written
 * to a temporary folder and asked questions drawn from it as well as the fixed ones.
 * Each corpus is started twice: a first start builds and saves the index and the
 * takeaways; the load goes to the restart, which loads them, as production restarts do.
 * For each it reports throughput, acknowledgement latency p50 / p99 / max, non-200
 * responses and errors, and checks that:
 * - every response is a 200 whose JSON has `response_type` and non-empty `blocks` (or a `text`);
 * - none took more than 3 s;
 * - there were no connection errors or timeouts;
 * - the app exits 0 on SIGTERM.
 * It exits 1 when a check fails, 2 on bad usage. Traffic goes to 127.0.0.1 only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, statSync, type WriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { MSG } from "../src/slack/messages.js";
import { freePort, signSlackRequest } from "../test/helpers/slack-requests.js";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const GENERATOR = fileURLToPath(new URL("./generate-corpus.ts", import.meta.url));
const SECRET = "0123456789abcdef0123456789abcdef";
const TOKEN = "xoxb-0-0-loadtest";
const MAX_ACK_MS = 3000;
/** With --generate, questions drawn from the generated articles join the fixed ones. */
const GENERATED_QUESTIONS = 32;

/** Questions of different kinds: answerable, unanswerable, commands, Slack markup, typos, long. */
const QUESTIONS = [
  "What has North Korea supplied Russia for the war in Ukraine?",
  "Who is Andrei Kozyrev?",
  "Is Russia desperate?",
  "What did Russia send Kim as a gift?",
  "Why is China concerned about the alliance?",
  "How many North Korean troops were sent to Kursk?",
  "What did Putin and Kim sign in Pyongyang?",
  "What does the DPRK get in return from Moscow?",
  "How does the partnership affect South Korea and Japan?",
  "What is the population of Brazil?",
  "world",
  "<@U0123ABC> what about the U.N. sanctions on the DPRK?",
  "munitons and artilery shells from pyongyang",
  "Which weapons and ammunition has North Korea shipped, and how has Russia paid for them, according to the articles in the corpus, with satellite technology, food, oil or money?",
  "help",
  "sources",
];

class UsageError extends Error {}

interface Scenario {
  readonly label: string;
  /** null: the bundled corpus (CORPUS_DIR unset). */
  readonly corpusDir: string | null;
  /** Asked as well as {@link QUESTIONS}. */
  readonly extraQuestions?: readonly string[];
}

interface ScenarioResult {
  label: string;
  corpusDir: string | null;
  documents: number | null;
  passages: number | null;
  /** First start: index built and saved. */
  firstStart: { startupMs: number; loadMs: number | null };
  /** The restart the load goes to: index and takeaways loaded from their saves. */
  startupMs: number;
  loadMs: number | null;
  connections: number;
  durationS: number;
  requests: number;
  throughput: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non200: number;
  badBodies: number;
  errors: number;
  timeouts: number;
  over3s: number;
  /**
   * The first response on each of autocannon's connections, apart from the rest: Node 20+
   * (libuv) accepts one new connection per event-loop turn, so connections opened while
   * the app is saturated wait far longer than established ones.
   */
  firstOnConnection: { count: number; over3s: number; maxMs: number };
  /** Every response after the first on its connection. */
  established: { p50: number; p99: number; max: number };
  outcomes: Record<string, number>;
  exitCode: number | null;
  failures: string[];
}

function usage(message: string): never {
  throw new UsageError(message);
}

function positiveInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) usage(`--${name} must be a whole number of at least 1 (got "${raw}")`);
  return Number(raw);
}

// ——— the stand-in for Slack's Web API (and response_url) ———

interface Stub {
  readonly apiUrl: string;
  readonly responseUrl: string;
  readonly calls: Map<string, number>;
  close(): Promise<void>;
}

async function startSlackStub(): Promise<Stub> {
  const calls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    calls.set(path, (calls.get(path) ?? 0) + 1);
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify(
        path.endsWith("/auth.test")
          ? { ok: true, url: "https://example.slack.com/", team: "Load", team_id: "T1", user_id: "UBOT", bot_id: "B1" }
          : { ok: true },
      ),
    );
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    responseUrl: `http://127.0.0.1:${port}/response-url`,
    calls,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

// ——— the app as a process ———

interface App {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly ready: Promise<Record<string, unknown>>;
  /** Resolves when the app has worked out (or loaded) its takeaways and saved them. */
  readonly warm: Promise<void>;
  readonly outcomes: Record<string, number>;
  stderr(): string;
}

let running: ChildProcess | null = null;
process.on("exit", () => running?.kill("SIGKILL"));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    running?.kill("SIGKILL");
    process.exit(130);
  });
}

function startApp(env: Record<string, string>, readyTimeoutMs: number, appLog: WriteStream | null): App {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running = child;
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (c: string) => {
    stderr = (stderr + c).slice(-8000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("exit", (code, signal) => {
      if (running === child) running = null;
      done({ code, signal });
    }),
  );
  const outcomes: Record<string, number> = {};
  let resolveWarm = () => {};
  const warm = new Promise<void>((done) => {
    resolveWarm = done;
  });
  const ready = new Promise<Record<string, unknown>>((resolveReady, rejectReady) => {
    const timer = setTimeout(
      () => rejectReady(new Error(`the app was not ready after ${readyTimeoutMs / 1000} s`)),
      readyTimeoutMs,
    );
    // Every stdout line is read (so the pipe never fills and blocks the app); request lines are counted.
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      appLog?.write(`${line}\n`);
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (entry.msg === "request") {
        const outcome = String(entry.outcome ?? "unknown");
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      } else if (entry.msg === "takeaways ready") {
        resolveWarm();
      } else if (entry.msg === "corpus loaded; ready") {
        clearTimeout(timer);
        resolveReady(entry);
      } else if (typeof entry.msg === "string" && entry.msg.startsWith("the corpus is empty")) {
        clearTimeout(timer);
        rejectReady(new Error("the corpus is empty: nothing to answer from"));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rejectReady(new Error(`the app exited before it was ready (code ${code}, signal ${signal}): ${stderr.trim()}`));
    });
  });
  ready.catch(() => {});
  return { child, exited, ready, warm, outcomes, stderr: () => stderr };
}

// ——— requests ———

interface Signed {
  readonly question: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** The signature covers only the timestamp and the body, so each body is signed once, up front. */
function signAll(questions: readonly string[], responseUrl: string, timestamp: number): Signed[] {
  return questions.map((question, i) => {
    const body = new URLSearchParams({
      command: "/nkru",
      text: question,
      user_id: `U${String(1000 + i)}`,
      channel_id: "C1",
      team_id: "T1",
      response_url: responseUrl,
      trigger_id: `${i}.1.load`,
    }).toString();
    const signature = signSlackRequest(body, timestamp, SECRET);
    return {
      question,
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature,
      },
    };
  });
}

/** Why a response is not a good slash-command acknowledgement, or null when it is. */
function badAck(status: number, body: string): string | null {
  if (status !== 200) return `status ${status}`;
  let json: { response_type?: unknown; blocks?: unknown; text?: unknown };
  try {
    json = JSON.parse(body) as typeof json;
  } catch {
    return `not JSON: ${body.slice(0, 120)}`;
  }
  if (typeof json.response_type !== "string") return "no response_type";
  const hasBlocks = Array.isArray(json.blocks) && json.blocks.length > 0;
  const hasText = typeof json.text === "string" && json.text.length > 0;
  if (!hasBlocks && !hasText) return "neither blocks nor text";
  if (json.text === MSG.genericFailure) return "the generic failure reply";
  if (json.text === MSG.loading) return "the still-loading reply";
  return null;
}

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const v = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0;
  return Math.round(v * 100) / 100;
}

// ——— one scenario ———

async function runScenario(
  scenario: Scenario,
  stub: Stub,
  options: { connections: number; duration: number; readyTimeoutMs: number; appLog: WriteStream | null },
): Promise<ScenarioResult> {
  const failures: string[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), "nkru-load-data-"));
  const port = await freePort();
  const env = {
    NODE_ENV: "production",
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: stub.apiUrl,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    ...(scenario.corpusDir ? { CORPUS_DIR: scenario.corpusDir } : {}),
  };
  // First start: builds and saves the index, works out and saves the takeaways. The load
  // then goes to a restart, as in production, where the app restarts far more often than
  // its corpus changes.
  const t00 = performance.now();
  const first = startApp(env, options.readyTimeoutMs, options.appLog);
  const firstReady = await first.ready;
  const firstStartMs = Math.round(performance.now() - t00);
  await first.warm;
  first.child.kill("SIGTERM");
  await first.exited;

  const t0 = performance.now();
  const app = startApp(env, options.readyTimeoutMs, options.appLog);
  const base = `http://127.0.0.1:${port}`;
  try {
    const ready = await app.ready;
    const startupMs = Math.round(performance.now() - t0);
    const health = await fetch(`${base}/healthz`);
    await health.text();
    if (health.status !== 200) failures.push(`GET /healthz answered ${health.status} after the ready line`);

    const signed = signAll(
      [...QUESTIONS, ...(scenario.extraQuestions ?? [])],
      stub.responseUrl,
      Math.floor(Date.now() / 1000),
    );
    // Warm-up, not measured: each question once, one after another.
    for (const s of signed) {
      const res = await fetch(`${base}/slack/events`, { method: "POST", headers: s.headers, body: s.body });
      const why = badAck(res.status, await res.text());
      if (why) failures.push(`warm-up "${s.question}": ${why}`);
    }

    const latencies: number[] = [];
    const firsts: number[] = [];
    const rest: number[] = [];
    const seenClients = new WeakSet<object>();
    const statuses = new Map<number, number>();
    const badSamples: string[] = [];
    let badBodies = 0;
    const result = await new Promise<autocannon.Result>((done, fail) => {
      const instance = autocannon(
        {
          url: `${base}/slack/events`,
          connections: options.connections,
          duration: options.duration,
          timeout: 10,
          method: "POST",
          requests: signed.map((s) => ({
            method: "POST",
            path: "/slack/events",
            headers: s.headers,
            body: s.body,
            onResponse: (status: number, body: string) => {
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
              const why = badAck(status, body);
              if (why) {
                badBodies++;
                if (badSamples.length < 5) badSamples.push(`"${s.question}": ${why}`);
              }
            },
          })),
        },
        (error: unknown, res: autocannon.Result) => (error ? fail(error) : done(res)),
      );
      instance.on("response", (client, _status, _bytes, responseTime) => {
        latencies.push(responseTime);
        if (seenClients.has(client)) rest.push(responseTime);
        else {
          seenClients.add(client);
          firsts.push(responseTime);
        }
      });
    });

    latencies.sort((a, b) => a - b);
    rest.sort((a, b) => a - b);
    firsts.sort((a, b) => a - b);
    const non200 = [...statuses].reduce((n, [status, count]) => n + (status === 200 ? 0 : count), 0);
    const over3s = latencies.filter((ms) => ms > MAX_ACK_MS).length;
    const requests = latencies.length;

    if (!requests) failures.push("no response was received");
    if (non200) failures.push(`${non200} responses were not 200: ${JSON.stringify(Object.fromEntries(statuses))}`);
    if (badBodies)
      failures.push(`${badBodies} responses were not a good acknowledgement, e.g. ${badSamples.join("; ")}`);
    if (result.errors) failures.push(`${result.errors} connection errors (${result.timeouts} of them timeouts)`);
    if (over3s) failures.push(`${over3s} acknowledgements took more than ${MAX_ACK_MS / 1000} s`);

    app.child.kill("SIGTERM");
    const exit = await Promise.race([
      app.exited,
      new Promise<null>((done) => setTimeout(() => done(null), 30_000).unref()),
    ]);
    if (!exit) {
      failures.push("the app had not exited 30 s after SIGTERM");
      app.child.kill("SIGKILL");
    } else if (exit.code !== 0) {
      failures.push(`the app exited with code ${exit.code} (signal ${exit.signal}) after SIGTERM`);
    }

    return {
      label: scenario.label,
      corpusDir: scenario.corpusDir,
      documents: typeof ready.documents === "number" ? ready.documents : null,
      passages: typeof ready.passages === "number" ? ready.passages : null,
      firstStart: { startupMs: firstStartMs, loadMs: typeof firstReady.loadMs === "number" ? firstReady.loadMs : null },
      startupMs,
      loadMs: typeof ready.loadMs === "number" ? ready.loadMs : null,
      connections: options.connections,
      durationS: Math.round(result.duration * 100) / 100,
      requests,
      throughput: Math.round((requests / result.duration) * 10) / 10,
      latencyMs: {
        p50: percentile(latencies, 0.5),
        p90: percentile(latencies, 0.9),
        p99: percentile(latencies, 0.99),
        max: percentile(latencies, 1),
      },
      non200,
      badBodies,
      errors: result.errors,
      timeouts: result.timeouts,
      over3s,
      firstOnConnection: {
        count: firsts.length,
        over3s: firsts.filter((ms) => ms > MAX_ACK_MS).length,
        maxMs: percentile(firsts, 1),
      },
      established: { p50: percentile(rest, 0.5), p99: percentile(rest, 0.99), max: percentile(rest, 1) },
      outcomes: app.outcomes,
      exitCode: exit?.code ?? null,
      failures,
    };
  } finally {
    if (app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill("SIGKILL");
      await app.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

// ——— generated corpus ———

/** The file bench/generate-corpus.ts; imported only with --generate, so the rest runs without it. */
interface Generator {
  generateCorpus(passages: number, seed?: number): unknown;
  checkPassageCount?(files: readonly { name: string; bytes: Uint8Array }[], target: number): unknown;
  generateQuestions?(count: number, seed: number, corpus: unknown): unknown;
}

/** The generator's files: `{ name, bytes }` (or `text` / `content`) each. */
function filesOf(generated: unknown): { name: string; bytes: Uint8Array }[] {
  if (!Array.isArray(generated)) throw new Error("generateCorpus did not return a list of files");
  const encoder = new TextEncoder();
  return generated.map((entry: unknown, i) => {
    const e = (entry ?? {}) as { name?: unknown; bytes?: unknown; text?: unknown; content?: unknown };
    const content = e.bytes ?? e.text ?? e.content;
    if (typeof e.name !== "string" || !(typeof content === "string" || content instanceof Uint8Array)) {
      throw new Error(`generateCorpus returned entry ${i + 1} without a name and bytes`);
    }
    const safe = basename(e.name).replace(/[^\w.-]+/g, "-") || `generated-${i + 1}`;
    return {
      name: [".md", ".txt"].includes(extname(safe)) ? safe : `${safe}.md`,
      bytes: typeof content === "string" ? encoder.encode(content) : content,
    };
  });
}

/** Writes about `passages` passages of generated articles to a temporary folder, with questions drawn from them. */
async function generateInto(passages: number): Promise<{ dir: string; files: number; questions: string[] }> {
  if (!existsSync(GENERATOR)) {
    throw new UsageError(
      "--generate needs bench/generate-corpus.ts exporting generateCorpus(n), and that file does not exist. Use --corpus DIR with a folder of .md/.txt articles instead.",
    );
  }
  const mod = (await import(pathToFileURL(GENERATOR).href)) as Partial<Generator>;
  if (typeof mod.generateCorpus !== "function") {
    throw new UsageError("bench/generate-corpus.ts does not export a function generateCorpus(n)");
  }
  const files = filesOf(mod.generateCorpus(passages));
  if (!files.length) throw new Error("generateCorpus returned no files");
  let questions: string[] = [];
  if (typeof mod.checkPassageCount === "function" && typeof mod.generateQuestions === "function") {
    const corpus = mod.checkPassageCount(files, passages);
    const generated = mod.generateQuestions(GENERATED_QUESTIONS, 1, corpus);
    if (Array.isArray(generated)) questions = generated.filter((q): q is string => typeof q === "string");
  }
  const dir = await mkdtemp(join(tmpdir(), "nkru-load-corpus-"));
  for (let i = 0; i < files.length; i += 256) {
    await Promise.all(files.slice(i, i + 256).map((f) => writeFile(join(dir, f.name), f.bytes)));
  }
  return { dir, files: files.length, questions };
}

// ——— main ———

function report(results: readonly ScenarioResult[], version: string): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      `${r.label}: ${r.documents ?? "?"} documents, ${r.passages ?? "?"} passages; first start ready in ${r.firstStart.startupMs} ms (index built in ${r.firstStart.loadMs ?? "?"} ms); restart ready in ${r.startupMs} ms (index loaded in ${r.loadMs ?? "?"} ms)`,
      `  ${r.requests} signed /nkru over ${r.durationS} s at ${r.connections} connections (autocannon ${version}): ${r.throughput} req/s`,
      `  acknowledgement latency: p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
      `  first response on each of ${r.firstOnConnection.count} connections: max ${r.firstOnConnection.maxMs} ms, ${r.firstOnConnection.over3s} over 3 s; later responses: p50 ${r.established.p50} ms, p99 ${r.established.p99} ms, max ${r.established.max} ms`,
      `  non-200: ${r.non200}, bad bodies: ${r.badBodies}, errors: ${r.errors} (timeouts ${r.timeouts}), over 3 s: ${r.over3s}, exit on SIGTERM: ${r.exitCode}`,
      `  outcomes: ${
        Object.entries(r.outcomes)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "none logged"
      }`,
      r.failures.length ? r.failures.map((f) => `  FAIL: ${f}`).join("\n") : "  all checks passed",
    );
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      duration: { type: "string", default: "30" },
      connections: { type: "string", default: "50" },
      corpus: { type: "string" },
      generate: { type: "string" },
      "ready-timeout": { type: "string", default: "600" },
      "app-log": { type: "string" },
    },
    strict: true,
  });
  const duration = positiveInt("duration", values.duration);
  // Each body is signed once, and Slack's rule refuses a timestamp more than 300 s old.
  if (duration > 240)
    usage("--duration is at most 240 s: the requests are signed once, and signatures expire after 300 s");
  const connections = positiveInt("connections", values.connections);
  const readyTimeoutMs = positiveInt("ready-timeout", values["ready-timeout"]) * 1000;
  const generate = values.generate === undefined ? null : positiveInt("generate", values.generate);
  if (!existsSync(MAIN)) usage("dist/main.js is missing: run `npm run build` first");
  const scenarios: Scenario[] = [{ label: "bundled corpus", corpusDir: null }];
  if (values.corpus !== undefined) {
    const dir = resolve(values.corpus);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) usage(`--corpus ${values.corpus}: no such folder`);
    scenarios.push({ label: `corpus ${dir}`, corpusDir: dir });
  }

  const version = (createRequire(import.meta.url)("autocannon/package.json") as { version: string }).version;
  const appLog = values["app-log"] === undefined ? null : createWriteStream(resolve(values["app-log"]));
  const temporary: string[] = [];
  const stub = await startSlackStub();
  const results: ScenarioResult[] = [];
  const notRun: { label: string; error: string }[] = [];
  try {
    if (generate !== null) {
      if (!values.json) process.stderr.write(`generating a corpus of about ${generate} passages…\n`);
      const generated = await generateInto(generate);
      temporary.push(generated.dir);
      scenarios.push({
        label: `generated corpus (${generated.files} articles, about ${generate} passages)`,
        corpusDir: generated.dir,
        extraQuestions: generated.questions,
      });
    }
    for (const scenario of scenarios) {
      if (!values.json) process.stderr.write(`${scenario.label}: starting the app and loading ${duration} s…\n`);
      try {
        results.push(await runScenario(scenario, stub, { connections, duration, readyTimeoutMs, appLog }));
      } catch (error) {
        // The app did not get ready (an empty corpus, a start-up error, a time-out): say so, go on.
        notRun.push({ label: scenario.label, error: (error as Error).message });
      }
    }
  } finally {
    await stub.close();
    await new Promise<void>((done) => (appLog ? appLog.end(done) : done()));
    for (const dir of temporary) await rm(dir, { recursive: true, force: true });
  }
  const ok = notRun.length === 0 && results.every((r) => r.failures.length === 0);
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ ok, node: process.version, autocannon: version, scenarios: results, notRun })}\n`
      : `${[report(results, version), ...notRun.map((n) => `${n.label}: FAIL: ${n.error}`)].join("\n")}\n${ok ? "load test passed" : "load test FAILED"}\n`,
  );
  return ok ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  const usageError = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  process.stderr.write(`load: ${(error as Error).message}\n`);
  process.exitCode = usageError ? 2 : 1;
}
