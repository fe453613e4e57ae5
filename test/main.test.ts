/**
 * The whole program as a process: `node dist/main.js` against a local stand-in for the
 * Slack Web API (SLACK_API_URL). Needs the build (npm test builds first).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { clockEnv, freePort, jsonOf, postSignedCommand, startWebApiStandIn } from "./helpers/slack-requests.js";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const SECRET = "0123456789abcdef0123456789abcdef";
const TOKEN = "xoxb-1-2-mainprocesstoken";

let stub: Server | null = null;
let child: ChildProcess | null = null;
let dataDir = "";
afterEach(async () => {
  child?.kill("SIGKILL");
  await new Promise<void>((resolve) => (stub ? stub.close(() => resolve()) : resolve()));
  stub = null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The Web API stand-in for this test; closed after it. */
async function startStub(auth: Record<string, unknown>): Promise<string> {
  const standIn = await startWebApiStandIn(auth);
  stub = standIn.server;
  return standIn.apiUrl;
}

function run(env: Record<string, string>) {
  const p = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? "", ...clockEnv(), ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child = p;
  const lines: string[] = [];
  let stderr = "";
  p.stderr?.on("data", (c) => {
    stderr += c;
  });
  const rl = createInterface({ input: p.stdout as NodeJS.ReadableStream });
  const waiters: { match: RegExp; resolve: () => void }[] = [];
  rl.on("line", (line) => {
    lines.push(line);
    for (const w of waiters.filter((x) => x.match.test(line))) w.resolve();
  });
  const exited = new Promise<number | null>((resolve) => p.on("exit", (code) => resolve(code)));
  return {
    p,
    lines,
    stderr: () => stderr,
    exited,
    waitFor: (match: RegExp) =>
      lines.some((l) => match.test(l))
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ match, resolve })),
  };
}

describe("nkru as a process", () => {
  it("starts in HTTP mode, answers a signed /nkru, and exits 0 on SIGTERM", async () => {
    const api = await startStub({ ok: true, user_id: "UBOT", bot_id: "B1", team: "Example" });
    dataDir = await mkdtemp(join(tmpdir(), "nkru-main-"));
    const port = await freePort();
    const proc = run({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api,
      PORT: String(port),
      DATA_DIR: dataDir,
    });
    await proc.waitFor(/corpus loaded; ready/);

    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const res = await postSignedCommand(port, "Is Russia desperate?", SECRET);
    expect(JSON.stringify(await jsonOf(res))).toMatch(/far from desperate/);

    proc.p.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    const logs = proc.lines.map((l) => JSON.parse(l) as { msg: string });
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(["request", "stopped"]));
    expect(proc.lines.join("\n")).not.toContain(TOKEN);
    expect(proc.lines.join("\n")).not.toContain(SECRET);
  });

  it("keeps answering /nkru and /healthz while a large corpus is re-read", async () => {
    const { generateCorpus } = await import("../bench/generate-corpus.js");
    const { mkdir, writeFile } = await import("node:fs/promises");
    const api = await startStub({ ok: true, user_id: "UBOT", bot_id: "B1", team: "Example" });
    dataDir = await mkdtemp(join(tmpdir(), "nkru-main-big-"));
    const corpusDir = join(dataDir, "corpus");
    await mkdir(corpusDir, { recursive: true });
    for (const f of generateCorpus(20_000, 2)) await writeFile(join(corpusDir, f.name), f.bytes);
    const port = await freePort();
    const proc = run({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api,
      PORT: String(port),
      DATA_DIR: join(dataDir, "data"),
      CORPUS_DIR: corpusDir,
    });
    await proc.waitFor(/corpus loaded; ready/);

    const ask = async (text: string) => {
      const started = performance.now();
      const res = await postSignedCommand(port, text, SECRET, AbortSignal.timeout(3000));
      await res.text();
      return { status: res.status, ms: performance.now() - started };
    };
    // A tenth more articles: too many to extend the index, so it is rebuilt (aside) and swapped in.
    for (const f of generateCorpus(2_000, 9)) {
      const name = f.name.replace("gen-", "more-");
      await writeFile(join(corpusDir, name), new TextDecoder().decode(f.bytes).replace(/gen-(\d+)/g, "more-$1"));
    }
    const asked: Promise<{ status: number; ms: number }>[] = [];
    const probes: Promise<number>[] = [];
    let reread = false;
    void proc.waitFor(/corpus re-read/).then(() => {
      reread = true;
    });
    for (let i = 0; !reread && i < 300; i++) {
      if (i % 2 === 0) asked.push(ask(i % 4 === 0 ? "Who shipped artillery shells?" : "What did Kim discuss?"));
      probes.push(
        fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) }).then((r) => r.status),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(reread).toBe(true);
    const answers = await Promise.all(asked);
    expect(answers.length).toBeGreaterThan(5);
    for (const a of answers) expect(a.status).toBe(200);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(3000);
    expect(await Promise.all(probes)).toEqual(probes.map(() => 200));
    // Both the first start and the re-read built the index in another process.
    expect(proc.lines.filter((l) => l.includes("index built aside"))).toHaveLength(2);
  }, 120_000);

  it("names every bad setting at once and exits 1 without a stack trace", async () => {
    const proc = run({ SLACK_SIGNING_SECRET: "nope", PORT: "x" });
    expect(await proc.exited).toBe(1);
    const err = proc.stderr();
    expect(err).toMatch(/^nkru: cannot start; fix these settings:/);
    expect(err).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(err).toMatch(/SLACK_SIGNING_SECRET does not look like/);
    expect(err).toMatch(/PORT must be/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("says in words when Slack refuses the token, and exits 1", async () => {
    const api = await startStub({ ok: false, error: "invalid_auth" });
    dataDir = await mkdtemp(join(tmpdir(), "nkru-main-"));
    const proc = run({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api,
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
    });
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toMatch(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect(proc.stderr()).not.toMatch(/\n\s+at /);
  });

  it("with no Slack credentials opens the console and says how to connect", async () => {
    const proc = run({});
    proc.p.stdin?.end("Who is Andrei Kozyrev?\n");
    expect(await proc.exited).toBe(0);
    expect(proc.stderr()).toMatch(/no Slack credentials are set/);
    expect(proc.stderr()).toMatch(/SLACK_APP_TOKEN/);
    expect(proc.lines.join("\n")).toMatch(/former Russian foreign minister/);
  });
});
