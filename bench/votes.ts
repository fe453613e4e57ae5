/**
 * Votes under load, on each store: the built app as a process in HTTP mode, a stand-in
 * for the Web API and for response_url, and autocannon clicking 👍 from N connections for
 * D seconds, every click a different user's (so each is a vote of its own). Then SIGTERM,
 * and the store is read back: every acknowledged vote must be in it.
 *
 *   npm run build && npm run bench:votes [-- --duration 60 --connections 50 --store sqlite,postgres --json]
 *
 * Reports votes per second, the acknowledgement p50 / p99 (autocannon), the thanks
 * (the response_url message after the vote is saved) p50 / p99, the shutdown time, the
 * votes stored against those acknowledged, and the store's size.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { PostgresStore } from "../src/store/postgres-store.js";
import { SqliteStore } from "../src/store/sqlite-store.js";
import { testDatabaseUrl, testSchema } from "../test/helpers/postgres.js";
import { freePort, signSlackRequest } from "../test/helpers/slack-requests.js";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const SECRET = "0123456789abcdef0123456789abcdef";
const { values } = parseArgs({
  options: {
    duration: { type: "string" },
    connections: { type: "string" },
    store: { type: "string" },
    json: { type: "boolean" },
  },
});
const duration = Number(values.duration ?? 60);
const connections = Number(values.connections ?? 50);
const stores = (values.store ?? "sqlite,postgres").split(",");

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number) : 0;
};

async function run(kind: string) {
  const dataDir = mkdtempSync(join(tmpdir(), "nkru-votes-"));
  const schema = testSchema();
  const databaseUrl =
    kind === "postgres" ? `${testDatabaseUrl()}?options=${encodeURIComponent(`-c search_path=${schema}`)}` : "";
  if (kind === "postgres") await (await PostgresStore.open({ connectionString: testDatabaseUrl(), schema })).close();
  const thanks: number[] = [];
  const stub = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const sent = /\/hook\/(\d+)/.exec(req.url ?? "")?.[1];
      if (sent) thanks.push(Date.now() - Number(sent));
      res.setHeader("content-type", "application/json");
      res.end(
        req.url?.endsWith("/auth.test") ? JSON.stringify({ ok: true, user_id: "UBOT", bot_id: "B1" }) : '{"ok":true}',
      );
    });
  });
  await new Promise<void>((r) => stub.listen(0, "127.0.0.1", r));
  const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      SLACK_BOT_TOKEN: "xoxb-0-0-votes",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: `${stubUrl}/api/`,
      PORT: String(port),
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      LOG_LEVEL: "warn",
      CORPUS_WATCH: "false",
      FETCH_ALLOW_HOSTS: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", () => {});
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error("the app did not become ready");
    await new Promise((r) => setTimeout(r, 100));
  }
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    connections,
    duration,
    requests: [
      {
        method: "POST",
        setupRequest: (req: Record<string, unknown>) => {
          const id = ++n;
          const ts = Math.floor(Date.now() / 1000);
          const body = new URLSearchParams({
            payload: JSON.stringify({
              type: "block_actions",
              team: { id: "T1" },
              user: { id: `U${id}` },
              channel: { id: "C1" },
              container: { type: "message", is_ephemeral: false },
              response_url: `${stubUrl}/hook/${Date.now()}`,
              trigger_id: `${id}.votes`,
              actions: [
                {
                  type: "button",
                  action_id: "feedback_up",
                  value: JSON.stringify({ q: "Who is Andrei Kozyrev?" }),
                  action_ts: "1",
                },
              ],
            }),
          }).toString();
          return {
            ...req,
            body,
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-slack-request-timestamp": String(ts),
              "x-slack-signature": signSlackRequest(body, ts, SECRET),
            },
          };
        },
      },
    ],
  } as never);
  const stopAt = Date.now();
  child.kill("SIGTERM");
  const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  const shutdownMs = Date.now() - stopAt;
  stub.close();
  let stored = 0;
  let sizeMB = 0;
  if (kind === "sqlite") {
    const store = new SqliteStore(join(dataDir, "nkru.db"));
    stored = (await store.feedback()).length;
    await store.close();
    sizeMB = statSync(join(dataDir, "nkru.db")).size / 2 ** 20;
  } else {
    const store = await PostgresStore.open({ connectionString: testDatabaseUrl(), schema });
    stored = (await store.feedback()).length;
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    const size = await client.query("SELECT pg_total_relation_size($1) AS b", [`${schema}.feedback`]);
    sizeMB = Number(size.rows[0].b) / 2 ** 20;
    await client.end();
    await store.dropSchema(schema);
    await store.close();
  }
  rmSync(dataDir, { recursive: true, force: true });
  const ok2xx = result["2xx"];
  return {
    store: kind,
    connections,
    seconds: duration,
    votesPerSecond: Math.round(ok2xx / duration),
    acknowledged: ok2xx,
    stored,
    lost: Math.max(0, ok2xx - stored),
    ackP50: result.latency.p50,
    ackP99: result.latency.p99,
    thanksP50: pct(thanks, 50),
    thanksP99: pct(thanks, 99),
    errors: result.errors + result.timeouts + result.non2xx,
    shutdownMs,
    exitCode: code,
    storeMB: Math.round(sizeMB * 10) / 10,
  };
}

const rows = [];
for (const kind of stores) rows.push(await run(kind));
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`;
if (values.json) console.log(JSON.stringify({ machine, rows }));
else {
  console.log(machine);
  for (const r of rows) console.log(JSON.stringify(r));
}
const failed = rows.some((r) => r.lost > 0 || r.exitCode !== 0 || r.shutdownMs > 5000);
process.exitCode = failed ? 1 : 0;
