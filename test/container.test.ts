/**
 * The container image's recipe, checked without a container engine. The Dockerfile is
 * parsed; then its run stage is replayed in a clean temporary folder: exactly the files it
 * COPYs, its `npm ci --omit=dev --ignore-scripts`, its ENV, then its CMD against a local
 * stand-in for the Slack Web API, its HEALTHCHECK, and SIGTERM. A production dependency
 * missing from package.json, or a file the image leaves out, fails here.
 * Needs dist/ (npm test builds first) and the npm registry or npm's cache.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative, sep } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { clockEnv, freePort, jsonOf, signSlackRequest, startWebApiStandIn } from "./helpers/slack-requests.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DOCKERFILE = join(ROOT, "Dockerfile");
const SECRET = "0123456789abcdef0123456789abcdef";
const TOKEN = "xoxb-1-2-containertoken";
const run = promisify(execFile);

// ——— a small Dockerfile parser ———

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

interface Stage {
  readonly image: string;
  readonly name: string | null;
  readonly instructions: Instruction[];
}

/** Instructions grouped by stage; comments, parser directives and line continuations handled. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split(/\r?\n/);
  let pending = "";
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (!pending && /^\s*(#|$)/.test(raw)) continue;
    if (pending && /^\s*#/.test(raw)) continue; // comments inside a continued instruction
    if (!pending) start = i + 1;
    const continued = /\\\s*$/.test(raw);
    pending += `${continued ? raw.replace(/\\\s*$/, "") : raw} `;
    if (continued) continue;
    const text = pending.trim();
    pending = "";
    const match = /^(\S+)\s*(.*)$/s.exec(text);
    if (!match) continue;
    const keyword = (match[1] ?? "").toUpperCase();
    const args = (match[2] ?? "").trim();
    if (keyword === "FROM") {
      const words = args.split(/\s+/).filter((w) => !w.startsWith("--"));
      const asIndex = words.findIndex((w) => w.toUpperCase() === "AS");
      stages.push({
        image: words[0] ?? "",
        name: asIndex >= 0 ? (words[asIndex + 1] ?? null) : null,
        instructions: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${start}: ${keyword} before FROM`);
    stage.instructions.push({ keyword, args, line: start });
  }
  return stages;
}

/** Shell-like words: quotes group, backslash escapes. */
function words(text: string): string[] {
  const out: string[] = [];
  let word = "";
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/** Exec form (a JSON array) as is; shell form through /bin/sh -c, as Docker runs it. */
function command(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) return JSON.parse(trimmed) as string[];
  return ["/bin/sh", "-c", trimmed];
}

/** `ENV A=1 B="two words"` or the legacy `ENV A value`. */
function envPairs(args: string): [string, string][] {
  const first = /^(\S+)/.exec(args)?.[1] ?? "";
  if (!first.includes("=")) {
    const rest = args.slice(first.length).trim();
    return [[first, words(rest).join(" ")]];
  }
  return words(args).map((w) => {
    const eq = w.indexOf("=");
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

interface Copy {
  readonly from: string | null;
  readonly sources: string[];
  readonly dest: string;
  readonly line: number;
}

function copyOf(instruction: Instruction): Copy {
  const parts = words(instruction.args);
  const flags = parts.filter((p) => p.startsWith("--"));
  const rest = parts.filter((p) => !p.startsWith("--"));
  const joined = rest.join(" ");
  const paths = joined.startsWith("[") ? (JSON.parse(joined) as string[]) : rest;
  const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length) ?? null;
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? "", line: instruction.line };
}

interface Healthcheck {
  readonly options: string[];
  readonly command: string[];
}

function healthcheckOf(instruction: Instruction): Healthcheck | null {
  const match = /^((?:--\S+\s+)*)(CMD|NONE)\b\s*(.*)$/is.exec(instruction.args);
  if (!match || (match[2] ?? "").toUpperCase() === "NONE") return null;
  return { options: words(match[1] ?? ""), command: command(match[3] ?? "") };
}

function volumesOf(instruction: Instruction): string[] {
  const a = instruction.args.trim();
  return a.startsWith("[") ? (JSON.parse(a) as string[]) : words(a);
}

/** What the run stage declares, in order: the image as a container would see it. */
interface RunStage {
  readonly stage: Stage;
  readonly workdir: string;
  readonly env: Map<string, string>;
  readonly user: string | null;
  readonly volumes: string[];
  readonly expose: string[];
  readonly copies: Copy[];
  readonly runs: Instruction[];
  readonly healthcheck: Healthcheck | null;
  readonly cmd: string[] | null;
}

function describeStage(stage: Stage): RunStage {
  let workdir = "/";
  const env = new Map<string, string>();
  let user: string | null = null;
  const volumes: string[] = [];
  const expose: string[] = [];
  const copies: Copy[] = [];
  const runs: Instruction[] = [];
  let healthcheck: Healthcheck | null = null;
  let cmd: string[] | null = null;
  for (const i of stage.instructions) {
    switch (i.keyword) {
      case "WORKDIR":
        workdir = posix.resolve(workdir, i.args.trim());
        break;
      case "ENV":
        for (const [k, v] of envPairs(i.args)) env.set(k, v);
        break;
      case "USER":
        user = i.args.trim();
        break;
      case "VOLUME":
        volumes.push(...volumesOf(i));
        break;
      case "EXPOSE":
        expose.push(...words(i.args));
        break;
      case "COPY":
      case "ADD":
        copies.push(copyOf(i));
        break;
      case "RUN":
        runs.push(i);
        break;
      case "HEALTHCHECK":
        healthcheck = healthcheckOf(i);
        break;
      case "CMD":
        cmd = command(i.args);
        break;
    }
  }
  return { stage, workdir, env, user, volumes, expose, copies, runs, healthcheck, cmd };
}

/** The `npm ci …` command inside a RUN line, as arguments to npm. */
function npmCiIn(runs: readonly Instruction[]): string[] | null {
  for (const r of runs) {
    for (const part of r.args.split(/&&|;|\|\|/)) {
      const w = words(part.trim());
      if (w[0] === "npm" && w[1] === "ci") return w.slice(1);
    }
  }
  return null;
}

// ——— .dockerignore ———

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      re += ".*";
      i++;
      if (glob[i + 1] === "/") i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Docker's rules, enough for this project: last match wins, "!" re-includes, a match covers what is under it. */
function dockerIgnore(root: string): (relPath: string) => boolean {
  const file = join(root, ".dockerignore");
  const rules = existsSync(file)
    ? readFileSync(file, "utf8")
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => {
          const negate = l.startsWith("!");
          const pattern = posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, "")).replace(/\/+$/, "");
          return { negate, re: globToRegExp(pattern) };
        })
    : [];
  return (relPath) => {
    const parts = relPath.split(/[\\/]/).filter(Boolean);
    let ignored = false;
    for (const rule of rules) {
      for (let n = 1; n <= parts.length; n++) {
        if (rule.re.test(parts.slice(0, n).join("/"))) {
          ignored = !rule.negate;
          break;
        }
      }
    }
    return ignored;
  };
}

// ——— replaying the run stage ———

/** The context's files a COPY source names (a path, or a glob in its last part). */
function expandSource(base: string, source: string): string[] {
  const clean = posix.normalize(source.replace(/^\/+/, "")).replace(/\/+$/, "");
  if (!/[*?[]/.test(clean)) return [clean];
  const dir = posix.dirname(clean);
  const re = globToRegExp(posix.basename(clean));
  const abs = join(base, dir);
  return existsSync(abs)
    ? readdirSync(abs)
        .filter((n) => re.test(n))
        .map((n) => posix.join(dir, n))
    : [];
}

async function replayCopy(
  copy: Copy,
  image: RunStage,
  stages: readonly Stage[],
  appDir: string,
  ignored: (p: string) => boolean,
): Promise<string[]> {
  const copied: string[] = [];
  let base = ROOT;
  if (copy.from) {
    // A build stage's files are this checkout's, relative to that stage's WORKDIR.
    const stage = stages.find((s) => s.name === copy.from);
    if (!stage) throw new Error(`Dockerfile line ${copy.line}: COPY --from=${copy.from} names no stage`);
    const workdir = describeStage(stage).workdir;
    base = ROOT;
    copy = {
      ...copy,
      sources: copy.sources.map((s) => {
        const abs = posix.resolve(workdir, s);
        if (!abs.startsWith(`${workdir}/`) && abs !== workdir)
          throw new Error(`COPY --from=${copy.from} ${s}: outside the build stage's WORKDIR ${workdir}`);
        return posix.relative(workdir, abs);
      }),
    };
  }
  const dest = posix.resolve(image.workdir, copy.dest);
  if (!dest.startsWith(`${image.workdir}/`) && dest !== image.workdir)
    throw new Error(`Dockerfile line ${copy.line}: COPY into ${dest}, outside the WORKDIR ${image.workdir}`);
  const hostDest = join(appDir, posix.relative(image.workdir, dest));
  const sources = copy.sources.flatMap((s) => expandSource(base, s));
  const intoDir = copy.dest.endsWith("/") || sources.length > 1;
  for (const source of sources) {
    const abs = join(base, source);
    if (!existsSync(abs)) throw new Error(`Dockerfile line ${copy.line}: COPY source ${source} does not exist`);
    if (!copy.from && ignored(source))
      throw new Error(`Dockerfile line ${copy.line}: COPY source ${source} is excluded by .dockerignore`);
    const isDir = statSync(abs).isDirectory();
    const target = isDir ? hostDest : intoDir ? join(hostDest, posix.basename(source)) : hostDest;
    await mkdir(isDir ? target : dirname(target), { recursive: true });
    await cp(abs, target, {
      recursive: true,
      filter: (from) => {
        const rel = relative(base, from).split(sep).join("/");
        return copy.from !== null || rel === "" || !ignored(rel);
      },
    });
    copied.push(source);
  }
  return copied;
}

// ——— processes ———

let stub: Server | null = null;
const children = new Set<ChildProcess>();
const temporary: string[] = [];
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await new Promise<void>((done) => (stub ? stub.close(() => done()) : done()));
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

async function startStub(): Promise<string> {
  const standIn = await startWebApiStandIn({ ok: true, user_id: "UBOT", bot_id: "B1", team: "Container" });
  stub = standIn.server;
  return standIn.apiUrl;
}

/** `node` in a CMD is this Node; everything else runs as named. */
function executable(argv: readonly string[]): [string, string[]] {
  const [file = "", ...args] = argv;
  return [file === "node" ? process.execPath : file, args];
}

function startApp(argv: readonly string[], cwd: string, env: Record<string, string>) {
  const [file, args] = executable(argv);
  const p = spawn(file, args, { cwd, env: { ...clockEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(p);
  let stderr = "";
  p.stderr?.on("data", (c) => {
    stderr += c;
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((done) =>
    p.on("exit", (code) => {
      children.delete(p);
      done(code);
    }),
  );
  const ready = new Promise<Record<string, unknown>>((done, fail) => {
    createInterface({ input: p.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      lines.push(line);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.msg === "corpus loaded; ready") done(entry);
      } catch {}
    });
    exited.then((code) => {
      const missing = /Cannot find package '([^']+)'/.exec(stderr)?.[1];
      const hint = missing
        ? `"${missing}" is imported at run time but npm ci --omit=dev did not install it: list it under "dependencies" in package.json, not "devDependencies".\n`
        : "";
      fail(new Error(`the app exited (code ${code}) before it was ready:\n${hint}${stderr}`));
    });
  });
  ready.catch(() => {});
  return { p, lines, exited, ready, stderr: () => stderr };
}

async function runHealthcheck(argv: readonly string[], cwd: string, env: Record<string, string>) {
  const [file, args] = executable(argv);
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env, timeout: 10_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

function signedCommand(text: string) {
  const body = new URLSearchParams({
    command: "/nkru",
    text,
    user_id: "U1",
    channel_id: "C1",
    team_id: "T1",
    response_url: "http://127.0.0.1:1/unused",
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(body, ts, SECRET),
    },
  };
}

// ——— the tests ———

const stages = existsSync(DOCKERFILE) ? parseDockerfile(readFileSync(DOCKERFILE, "utf8")) : [];
const image = stages.length ? describeStage(stages.at(-1) as Stage) : null;

describe("the Dockerfile", () => {
  it("exists and is multi-stage: a build stage, then a run stage", () => {
    expect(existsSync(DOCKERFILE)).toBe(true);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = describeStage(stages[0] as Stage);
    const npmCi = npmCiIn(build.runs);
    expect(npmCi, "the build stage runs npm ci").not.toBeNull();
    expect(npmCi, "the build stage keeps dev dependencies").not.toContain("--omit=dev");
    expect(build.runs.some((r) => /\bnpm run build\b/.test(r.args))).toBe(true);
    expect(image?.copies.some((c) => c.from !== null)).toBe(true);
  });

  it("uses a Node LTS base image (22 or later, even-numbered) in every stage", () => {
    const names = new Set(stages.map((s) => s.name).filter(Boolean));
    for (const stage of stages) {
      if (names.has(stage.image)) continue;
      const m = /^(?:docker\.io\/)?(?:library\/)?node:(\d+)(?:\.\d+)*(?:-[\w.-]+)?(?:@sha256:[0-9a-f]{64})?$/.exec(
        stage.image,
      );
      expect(m, `${stage.image} is an official node image with a version`).not.toBeNull();
      const major = Number(m?.[1]);
      expect(major % 2, `${stage.image}: even-numbered majors are the LTS lines`).toBe(0);
      expect(major).toBeGreaterThanOrEqual(22);
    }
  });

  it("runs as a non-root user with NODE_ENV=production, a data volume, port 3000 and the CMD", () => {
    expect(image).not.toBeNull();
    if (!image) return;
    expect(image.user, "the run stage sets USER").toBeTruthy();
    expect(image.user?.split(":")[0]).not.toMatch(/^(root|0)$/);
    expect(image.env.get("NODE_ENV")).toBe("production");
    const dataDir = image.env.get("DATA_DIR");
    expect(dataDir).toBeTruthy();
    expect(image.volumes).toContain(dataDir);
    expect(image.env.get("CORPUS_DIR")).toBe(posix.join(image.workdir, "corpus"));
    expect(image.expose.map((p) => p.split("/")[0])).toContain("3000");
    expect(image.cmd).toEqual(["node", "dist/main.js"]);
    const npmCi = npmCiIn(image.runs);
    expect(npmCi).toEqual(expect.arrayContaining(["--omit=dev", "--ignore-scripts"]));
  });

  it("has a HEALTHCHECK on /healthz run with node, from a file the image copies", () => {
    const hc = image?.healthcheck;
    expect(hc, "a HEALTHCHECK other than NONE").toBeTruthy();
    if (!hc || !image) return;
    expect(hc.command.join(" ")).toMatch(/\bnode\b/);
    const script = hc.command.find((w) => /\.m?js$/.test(w));
    const text = script
      ? readFileSync(join(ROOT, posix.relative(image.workdir, posix.resolve(image.workdir, script))), "utf8")
      : "";
    expect(`${hc.command.join(" ")}\n${text}`).toContain("/healthz");
    if (script) {
      const inImage = posix.resolve(image.workdir, script);
      const copied = image.copies.some((c) =>
        c.sources.some(
          (s) =>
            posix.resolve(image.workdir, c.dest, posix.basename(s)) === inImage ||
            posix.resolve(image.workdir, c.dest) === inImage,
        ),
      );
      expect(copied, `${script} is copied into the image`).toBe(true);
    }
  });

  it(".dockerignore keeps dependencies, build output, data, git and test artefacts out of the context", () => {
    const ignored = dockerIgnore(ROOT);
    for (const p of ["node_modules", "dist", "data", ".git", "coverage", "node_modules/x/index.js", ".env"]) {
      expect(ignored(p), p).toBe(true);
    }
    for (const p of ["package.json", "package-lock.json", "src/main.ts", "corpus", "scripts/healthcheck.js"]) {
      expect(ignored(p), p).toBe(false);
    }
  });
});

describe("the run stage, replayed without a container engine", () => {
  it("installs production dependencies only, starts with the image's CMD and ENV, passes its HEALTHCHECK, and exits 0 on SIGTERM", async () => {
    expect(image).not.toBeNull();
    if (!image?.cmd || !image.healthcheck) throw new Error("the Dockerfile has no CMD or HEALTHCHECK");
    expect(existsSync(join(ROOT, "dist", "main.js")), "dist/ is built (npm test builds first)").toBe(true);

    const tmp = await mkdtemp(join(tmpdir(), "nkru-container-"));
    temporary.push(tmp);
    const appDir = join(tmp, "app"); // the image's WORKDIR
    const volumeDir = join(tmp, "data"); // the data volume
    await mkdir(appDir, { recursive: true });
    await mkdir(volumeDir, { recursive: true });
    const ignored = dockerIgnore(ROOT);
    const dataDir = image.env.get("DATA_DIR") ?? "/data";

    // The stage's instructions in order: COPY as Docker would, npm ci where the RUN is.
    const copied: string[] = [];
    let installed = false;
    for (const i of image.stage.instructions) {
      if (i.keyword === "COPY" || i.keyword === "ADD") {
        copied.push(...(await replayCopy(copyOf(i), image, stages, appDir, ignored)));
      } else if (i.keyword === "RUN") {
        const npmCi = npmCiIn([i]);
        if (!npmCi) continue; // e.g. mkdir / chown of the volume: nothing to replay outside a container
        const args = npmCi.includes("--prefer-offline") ? npmCi : [...npmCi, "--prefer-offline"];
        await run("npm", args, { cwd: appDir, env: process.env, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
        installed = true;
        // A native module's install script, run after `npm ci --ignore-scripts`.
        for (const part of i.args.split(/&&|;/)) {
          const w = part.trim().split(/\s+/);
          if (w[0] === "npm" && w[1] === "rebuild")
            await run("npm", w.slice(1), {
              cwd: appDir,
              env: process.env,
              timeout: 240_000,
              maxBuffer: 16 * 1024 * 1024,
            });
        }
      }
    }
    expect(installed, "the run stage runs npm ci").toBe(true);
    expect(copied).toEqual(expect.arrayContaining(["package.json", "package-lock.json"]));
    // Production only: no TypeScript, no test runner.
    const modules = await readdir(join(appDir, "node_modules"));
    expect(modules).not.toContain("typescript");
    expect(modules).not.toContain("vitest");

    // The image's ENV, with its paths mapped onto the temporary folder.
    const mapPath = (value: string) => {
      if (value === dataDir || value.startsWith(`${dataDir}/`)) return join(volumeDir, value.slice(dataDir.length));
      if (value === image.workdir || value.startsWith(`${image.workdir}/`))
        return join(appDir, value.slice(image.workdir.length));
      return value;
    };
    const imageEnv = Object.fromEntries([...image.env].map(([k, v]) => [k, mapPath(v)]));
    expect(imageEnv.CORPUS_DIR).toBe(join(appDir, "corpus"));
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      ...imageEnv,
      PORT: String(port),
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: await startStub(),
    };

    const app = startApp(image.cmd, mapPath(image.workdir), env);
    const ready = await app.ready;
    const articles = (await readdir(join(appDir, "corpus"))).filter((n) => /\.(md|txt)$/.test(n));
    expect(ready.documents).toBe(articles.length);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const check = await runHealthcheck(image.healthcheck.command, appDir, env);
    expect(check.code, check.output).toBe(0);

    const { body, headers } = signedCommand("Who is Andrei Kozyrev?");
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers, body });
    const reply = await jsonOf<{ response_type?: string; blocks?: unknown[] }>(res);
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.blocks?.length).toBeGreaterThan(0);
    expect(JSON.stringify(reply)).toMatch(/former Russian foreign minister/);

    app.p.kill("SIGTERM");
    expect(await app.exited, app.stderr()).toBe(0);
    expect(existsSync(join(volumeDir, "index.json")), "the index is saved in the data volume").toBe(true);

    // With nothing listening the check fails, in Socket Mode too (it serves /healthz on loopback).
    expect((await runHealthcheck(image.healthcheck.command, appDir, env)).code).not.toBe(0);
    const socketMode = { ...env, SLACK_APP_TOKEN: "xapp-1-2-3" };
    expect((await runHealthcheck(image.healthcheck.command, appDir, socketMode)).code).toBe(1);
  }, 300_000);
});
