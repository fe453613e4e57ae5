/**
 * What a slash command costs from request to acknowledgement: the real app in HTTP
 * mode on loopback, N signed /nkru requests one after another, latency percentiles.
 *
 *   npm run bench:slash [-- --requests 100 --json]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { BUNDLED_CORPUS_DIR } from "../src/config.js";
import { KnowledgeBase } from "../src/core/knowledge-base.js";
import { KnowledgeHolder } from "../src/knowledge-holder.js";
import { createLogger } from "../src/logger.js";
import { createSlackApp } from "../src/slack/app.js";
import { InFlight } from "../src/slack/in-flight.js";
import { SqliteStore } from "../src/store/sqlite-store.js";
import { signSlackRequest } from "../test/helpers/slack-requests.js";

const { values } = parseArgs({ options: { requests: { type: "string", default: "100" }, json: { type: "boolean" } } });
const n = Number(values.requests);
const secret = "0123456789abcdef0123456789abcdef";
const files = readdirSync(BUNDLED_CORPUS_DIR).map((name) => ({
  name,
  bytes: readFileSync(join(BUNDLED_CORPUS_DIR, name)),
}));
const knowledge = new KnowledgeHolder(() => new Date());
knowledge.set(KnowledgeBase.fromFiles(files), 0);
const slack = createSlackApp(
  {
    slack: { botToken: "xoxb-0-0-bench", appToken: null, signingSecret: secret, apiUrl: null },
    port: 0,
    host: "127.0.0.1",
    bot: { botId: "B", botUserId: "U" },
  },
  {
    knowledge,
    store: new SqliteStore(join("/tmp/nkru-bench-unused", "nkru.db")),
    logger: createLogger({ destination: new Writable({ write: (_c, _e, d) => d() }), pretty: false, level: "warn" }),
    clock: () => new Date(),
    inFlight: new InFlight(),
    digestSchedule: () => "",
  },
);
const { port } = await slack.start();
const questions = [
  "Who is Andrei Kozyrev?",
  "What did Russia send Kim as a gift?",
  "Why is China concerned about the alliance?",
  "What is the population of Brazil?",
];
const times: number[] = [];
for (let i = 0; i < n + 10; i++) {
  const body = new URLSearchParams({
    command: "/nkru",
    text: questions[i % questions.length] ?? "",
    user_id: "U1",
    channel_id: "C1",
    team_id: "T1",
    response_url: "http://127.0.0.1:1/x",
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = signSlackRequest(body, ts, secret);
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": sig,
    },
    body,
  });
  await res.text();
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  if (i >= 10) times.push(performance.now() - t0); // the first ten warm up
}
await slack.stop();
times.sort((a, b) => a - b);
const pct = (p: number) =>
  Math.round((times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? 0) * 100) / 100;
const out = { requests: n, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: pct(1) };
console.log(
  values.json
    ? JSON.stringify(out)
    : `slash command, request to acknowledgement over ${n} signed requests: p50 ${out.p50} ms, p95 ${out.p95} ms, p99 ${out.p99} ms, max ${out.max} ms`,
);
