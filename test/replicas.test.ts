/**
 * Two nkru processes on one PostgreSQL and one stand-in Slack Web API, as a deployment
 * with two replicas behind a load balancer: a digest slot missed at start-up and a cron
 * tick that fires in both, a retried mention delivered to each, 20 channels subscribed
 * through both at once, and an article added through one and answered by the other. Needs the build (npm test builds first) and the
 * PostgreSQL server (test/helpers/postgres.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../src/store/postgres-store.js";
import { testDatabaseUrl, testSchema } from "./helpers/postgres.js";
import { clockEnv, freePort, signSlackRequest } from "./helpers/slack-requests.js";
import { serve, webServer } from "./helpers/web-server.js";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const SECRET = "0123456789abcdef0123456789abcdef";
const TOKEN = "xoxb-1-2-replicatesttoken";

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  for (const c of cleanups.reverse()) await c();
});

interface Call {
  readonly method: string;
  readonly body: Record<string, unknown>;
}

/** The Web API stand-in: records every call, answers posts with a fresh ts. */
async function standIn(): Promise<{ apiUrl: string; calls: Call[]; server: Server }> {
  const calls: Call[] = [];
  let ts = 0;
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] as string;
      const body: Record<string, unknown> = raw.startsWith("{")
        ? JSON.parse(raw)
        : Object.fromEntries(new URLSearchParams(raw));
      calls.push({ method, body });
      res.setHeader("content-type", "application/json");
      if (method === "auth.test")
        res.end(JSON.stringify({ ok: true, user_id: "UBOT", bot_id: "B1", team: "Replicas" }));
      else if (method === "chat.postMessage")
        res.end(JSON.stringify({ ok: true, ts: `1700000000.${String(++ts).padStart(6, "0")}` }));
      else if (method === "conversations.history" || method === "conversations.replies")
        res.end(JSON.stringify({ ok: true, messages: [], has_more: false }));
      else res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, calls, server };
}

function start(env: Record<string, string>) {
  const p = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? "", ...clockEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(p);
  const lines: string[] = [];
  let stderr = "";
  p.stderr?.on("data", (c) => {
    stderr += c;
  });
  createInterface({ input: p.stdout as NodeJS.ReadableStream }).on("line", (l) => lines.push(l));
  const waitFor = (match: RegExp, ms = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        if (lines.some((l) => match.test(l))) {
          clearInterval(poll);
          resolve();
        } else if (p.exitCode !== null || Date.now() - t0 > ms) {
          clearInterval(poll);
          reject(
            new Error(
              `no log line ${match} (exit ${p.exitCode}); stderr: ${stderr.slice(-2000)}\n${lines.slice(-20).join("\n")}`,
            ),
          );
        }
      }, 50);
    });
  return { p, lines, waitFor };
}

async function send(port: number, body: string, contentType: string, retryNum?: number): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(body, ts, SECRET),
      ...(retryNum ? { "x-slack-retry-num": String(retryNum), "x-slack-retry-reason": "http_timeout" } : {}),
    },
    body,
  });
  await res.text();
  return res.status;
}

const posts = (calls: readonly Call[]) => calls.filter((c) => c.method === "chat.postMessage");
const slotOf = (c: Call) => {
  const meta = typeof c.body.metadata === "string" ? JSON.parse(c.body.metadata) : c.body.metadata;
  return (meta as { event_payload?: { slot?: string } } | undefined)?.event_payload?.slot ?? null;
};

async function until(check: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("two replicas on one PostgreSQL", () => {
  it("post each digest slot once per channel, answer a retried mention once, and keep every subscription", async () => {
    const schema = testSchema();
    const base = testDatabaseUrl();
    const url = `${base}${base.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    // This install started yesterday, so today's slots are its to post.
    const setup = await PostgresStore.open({ connectionString: base, schema });
    await setup.installedAt(new Date(Date.now() - 86_400_000).toISOString());
    cleanups.push(async () => {
      await setup.dropSchema(schema);
      await setup.close();
    });
    const api = await standIn();
    cleanups.push(() => new Promise((r) => api.server.close(() => r())));
    const web = await webServer({
      "/wire": serve("text/html", readFileSync(new URL("./fixtures/pages/wire-story.html", import.meta.url), "utf8")),
    });
    cleanups.push(() => web.close());
    const replicas: (ReturnType<typeof start> & { port: number })[] = [];
    for (const name of ["a", "b"]) {
      const dataDir = await mkdtemp(join(tmpdir(), `nkru-replica-${name}-`));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      const r = start({
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.apiUrl,
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: url,
        DIGEST_CRON: "* * * * *", // every minute: the next tick fires in both within a minute
        DIGEST_CHANNELS: "CDIGEST1,CDIGEST2",
        LOG_LEVEL: "info",
        CORPUS_WATCH: "false",
        FETCH_ALLOW_HOSTS: "127.0.0.1",
      });
      replicas.push({ ...r, port });
    }
    // Warm, as replicas behind a load balancer are: loaded, and the start-up work (takeaways, catch-up) done.
    await Promise.all(replicas.map((r) => r.waitFor(/corpus loaded; ready/)));
    await Promise.all(replicas.map((r) => r.waitFor(/takeaways ready/)));

    // A retried mention, delivered once to each replica (the retry landing on the other one).
    const mention = JSON.stringify({
      type: "event_callback",
      team_id: "T1",
      api_app_id: "A1",
      event_id: "EvREPLICA1",
      event_time: 1,
      event: {
        type: "app_mention",
        user: "U1",
        text: "<@UBOT> Who is Andrei Kozyrev?",
        ts: "1700000100.000100",
        channel: "CTALK",
        event_ts: "1700000100.000100",
      },
    });
    const statuses = await Promise.all([
      send(replicas[0]?.port as number, mention, "application/json"),
      send(replicas[1]?.port as number, mention, "application/json", 1),
    ]);
    expect(statuses).toEqual([200, 200]);

    // 20 channels, each subscribed through both replicas at once.
    const subscribe = (channel: string, trigger: string) =>
      new URLSearchParams({
        command: "/nkru",
        text: "digest subscribe",
        user_id: "U1",
        channel_id: channel,
        team_id: "T1",
        response_url: `${api.apiUrl}response`,
        trigger_id: trigger,
      }).toString();
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => [
        send(replicas[0]?.port as number, subscribe(`CSUB${i}`, `1.${i}.a`), "application/x-www-form-urlencoded"),
        send(replicas[1]?.port as number, subscribe(`CSUB${i}`, `1.${i}.b`), "application/x-www-form-urlencoded"),
      ]).flat(),
    );
    expect(
      codes.filter((c) => c !== 200),
      "every subscribe acknowledged",
    ).toEqual([]);
    // The start-up catch-up posted the current minute's slot; wait for the next minute's tick in both.
    // Whatever has been posted by now (a slow start can already include the next tick), wait until
    // a configured channel has had two slots: the missed one and a tick that fired in both.
    const slotsOf = (channel: string) =>
      new Set(
        posts(api.calls)
          .filter((c) => c.body.channel === channel)
          .map(slotOf)
          .filter(Boolean),
      );
    await until(() => slotsOf("CDIGEST1").size >= 2 && slotsOf("CDIGEST2").size >= 2, 75_000).catch(() => {
      throw new Error(
        `no digest for a second slot: ${JSON.stringify(posts(api.calls).map((c) => [c.body.channel, slotOf(c)]))}\n${replicas
          .map((r) =>
            r.lines
              .filter((l) => /digest|slot|claim/.test(l))
              .slice(-10)
              .join("\n"),
          )
          .join("\n---\n")}`,
      );
    });
    await new Promise((r) => setTimeout(r, 3000)); // a second replica's late duplicate would arrive by now
    const digestPosts = posts(api.calls).filter(
      (c) => slotOf(c) !== null && String(c.body.channel).startsWith("CDIGEST"),
    );
    const perChannelSlot = new Map<string, number>();
    for (const c of digestPosts) {
      const key = `${c.body.channel}@${slotOf(c)}`;
      perChannelSlot.set(key, (perChannelSlot.get(key) ?? 0) + 1);
    }
    expect(perChannelSlot.size).toBeGreaterThanOrEqual(4); // 2 channels × (the missed slot and the tick)
    expect(
      [...perChannelSlot.values()].every((n) => n === 1),
      JSON.stringify([...perChannelSlot]),
    ).toBe(true);

    const replies = posts(api.calls).filter((c) => c.body.channel === "CTALK");
    expect(replies).toHaveLength(1);
    expect(String(replies[0]?.body.blocks ?? replies[0]?.body.text)).toMatch(/Kozyrev/);

    // An article added through one replica is answered by the other, with no shared folder.
    const reply = await send(
      replicas[0]?.port as number,
      new URLSearchParams({
        command: "/nkru",
        text: `add ${web.url("/wire")}`,
        user_id: "U1",
        channel_id: "C1",
        team_id: "T1",
        response_url: `${api.apiUrl}response`,
        trigger_id: "9.9.add",
      }).toString(),
      "application/x-www-form-urlencoded",
    );
    expect(reply).toBe(200);
    await until(
      () => api.calls.some((c) => c.method === "response" && JSON.stringify(c.body).includes("Added")),
      20_000,
    );
    const askOther = async () => {
      const ts = Math.floor(Date.now() / 1000);
      const body = new URLSearchParams({
        command: "/nkru",
        text: "How many trains a week are planned on the Rason rail link?",
        user_id: "U1",
        channel_id: "C1",
        team_id: "T1",
        response_url: `${api.apiUrl}response`,
        trigger_id: `9.${Date.now()}.ask`,
      }).toString();
      const res = await fetch(`http://127.0.0.1:${replicas[1]?.port}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signSlackRequest(body, ts, SECRET),
        },
        body,
      });
      return res.text();
    };
    const addedAt = Date.now();
    let answered = "";
    while (Date.now() - addedAt < 15_000 && !/rail-link-to-rason/.test(answered)) {
      answered = await askOther();
      if (!/rail-link-to-rason/.test(answered)) await new Promise((r) => setTimeout(r, 500));
    }
    expect(answered).toContain("rail-link-to-rason-reopens-for-freight");
    expect(Date.now() - addedAt).toBeLessThan(10_000);

    const check = await PostgresStore.open({ connectionString: base, schema });
    const { channels } = await check.subscriptions();
    await check.close();
    expect(channels.filter((c) => c.startsWith("CSUB")).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `CSUB${i}`).sort(),
    );
    for (const r of replicas) r.p.kill("SIGTERM");
    const exits = await Promise.all(
      replicas.map(
        (r) =>
          new Promise<number | null>((res) =>
            r.p.exitCode !== null ? res(r.p.exitCode) : r.p.on("exit", (code) => res(code)),
          ),
      ),
    );
    expect(exits).toEqual([0, 0]);
  }, 120_000);
});
