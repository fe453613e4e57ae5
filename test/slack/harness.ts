/**
 * The real Bolt app in HTTP mode on a loopback port, with signed requests, a captured
 * log, a temporary store, and nock in front of Slack's Web API and response_url.
 * nock is imported before any Slack client is built: web-api captures fetch then.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import nock from "nock";
import type { Clock } from "../../src/clock.js";
import type { KnowledgeBase } from "../../src/core/knowledge-base.js";
import { KnowledgeHolder } from "../../src/knowledge-holder.js";
import { createLogger } from "../../src/logger.js";
import { createSlackApp, type NkruSlackApp } from "../../src/slack/app.js";
import type { SlackDeps } from "../../src/slack/deps.js";
import { InFlight } from "../../src/slack/in-flight.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { bundledKnowledgeBase } from "../helpers/corpus.js";
import { jsonOf, signSlackRequest } from "../helpers/slack-requests.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99eeeeee85a5";
export const BOT_TOKEN = "xoxb-1111111111-2222222222-testTokenSecretValue";
export const API = "http://slack.test";
export const HOOKS = "http://hooks.slack.test";
export const BOT_USER = "UBOT";

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);

export function sign(body: string, timestamp: number | string, secret = SIGNING_SECRET): string {
  return signSlackRequest(body, timestamp, secret);
}

export interface SendOptions {
  readonly timestamp?: number;
  readonly signature?: string | null;
  readonly retryNum?: number;
  /** Wait for the work the request started (default true). */
  readonly wait?: boolean;
}

export interface Harness {
  readonly url: string;
  /** The clock the app checks requests against and the harness signs them with. */
  readonly clock: Clock;
  readonly slack: NkruSlackApp;
  readonly knowledge: KnowledgeHolder;
  readonly store: Store;
  readonly dataDir: string;
  /** Every log line written so far, parsed. */
  logs(): Record<string, unknown>[];
  /** Raw log text, for checking that secrets never appear. */
  rawLog(): string;
  post(body: string, contentType: string, options?: SendOptions): Promise<Response>;
  command(text: string, extra?: Record<string, string>, options?: SendOptions): Promise<Response>;
  event(event: Record<string, unknown>, extra?: Record<string, unknown>, options?: SendOptions): Promise<Response>;
  action(payload: Record<string, unknown>, options?: SendOptions): Promise<Response>;
  shortcut(payload: Record<string, unknown>, options?: SendOptions): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly kb?: KnowledgeBase | null;
  readonly clock?: Clock;
  readonly store?: Store;
  readonly digest?: SlackDeps["digest"];
  readonly reindex?: SlackDeps["reindex"];
  readonly adminUserIds?: readonly string[];
  /** The knowledge the app answers from (default: a holder with `kb`). */
  readonly knowledge?: KnowledgeHolder;
  /** Articles and feeds (default: none). */
  readonly ingest?: SlackDeps["ingest"];
  /** A slash command's reply budget before the acknowledgement goes without it. */
  readonly ackBudgetMs?: number;
  /** The app's longest wait for an outgoing request (default 2 s here). */
  readonly responseTimeoutMs?: number;
}

let eventCounter = 0;
/** Slack gives every command, click and shortcut its own trigger id; so does the harness. */
const triggerId = () => `${++eventCounter}.${process.pid}.test`;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const clock = options.clock ?? (() => new Date());
  const logger = createLogger({ level: "debug", destination, pretty: false, secrets: [BOT_TOKEN, SIGNING_SECRET] });
  const knowledge = options.knowledge ?? new KnowledgeHolder(clock);
  const kb = options.kb === undefined ? bundledKnowledgeBase() : options.kb;
  if (kb && !options.knowledge) knowledge.set(kb, 12);
  const dataDir = await mkdtemp(join(tmpdir(), "nkru-slack-"));
  const store = options.store ?? new SqliteStore(join(dataDir, "nkru.db"));
  const slack = createSlackApp(
    {
      slack: { botToken: BOT_TOKEN, appToken: null, signingSecret: SIGNING_SECRET, apiUrl: `${API}/api/` },
      port: 0,
      host: "127.0.0.1",
      bot: { botId: "B0BOT", botUserId: BOT_USER },
      timeoutMs: 2000,
      responseTimeoutMs: options.responseTimeoutMs ?? 2000,
    },
    {
      knowledge,
      store,
      logger,
      clock,
      inFlight: new InFlight(),
      digestSchedule: () => "every day at 09:00 UTC",
      digest: options.digest ?? null,
      reindex: options.reindex ?? null,
      adminUserIds: options.adminUserIds ?? [],
      ingest: options.ingest ?? null,
      ...(options.ackBudgetMs !== undefined ? { ackBudgetMs: options.ackBudgetMs } : {}),
      slackApiHost: new URL(API).host,
      posting: { maxRateLimitWaitMs: 1500 },
    },
  );
  const { port } = await slack.start();
  const url = `http://127.0.0.1:${port}/slack/events`;

  const post = async (body: string, contentType: string, o: SendOptions = {}) => {
    // Signed by the app's own clock: the one it checks requests against.
    const ts = o.timestamp ?? Math.floor(clock().getTime() / 1000);
    const headers: Record<string, string> = { "content-type": contentType, "x-slack-request-timestamp": String(ts) };
    const signature = o.signature === undefined ? sign(body, ts) : o.signature;
    if (signature !== null) headers["x-slack-signature"] = signature;
    if (o.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(o.retryNum);
      headers["x-slack-retry-reason"] = "http_timeout";
    }
    const res = await fetch(url, { method: "POST", headers, body });
    // Work continues after the acknowledgement (events, actions): wait for it.
    if (o.wait !== false) await slack.idle();
    return res;
  };
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  return {
    url,
    clock,
    slack,
    knowledge,
    store,
    dataDir,
    logs: () =>
      lines
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    rawLog: () => lines.join(""),
    post,
    command: (text, extra = {}, o) =>
      post(
        form({
          token: "verification-token-unused",
          team_id: "T1",
          team_domain: "example",
          channel_id: "C1",
          channel_name: "general",
          user_id: "U123",
          user_name: "ana",
          command: "/nkru",
          text,
          api_app_id: "A1",
          response_url: `${HOOKS}/commands/T1/1/abc`,
          trigger_id: triggerId(),
          ...extra,
        }),
        "application/x-www-form-urlencoded",
        o,
      ),
    event: (event, extra = {}, o) =>
      post(
        JSON.stringify({
          token: "unused",
          team_id: "T1",
          api_app_id: "A1",
          type: "event_callback",
          event_id: `Ev${++eventCounter}`,
          event_time: 1,
          authorizations: [{ team_id: "T1", user_id: BOT_USER, is_bot: true }],
          event,
          ...extra,
        }),
        "application/json",
        o,
      ),
    action: (payload, o) =>
      post(
        form({
          payload: JSON.stringify({ type: "block_actions", team: { id: "T1" }, ...payload, trigger_id: triggerId() }),
        }),
        "application/x-www-form-urlencoded",
        o,
      ),
    shortcut: (payload, o) =>
      post(
        form({
          payload: JSON.stringify({ type: "message_action", team: { id: "T1" }, ...payload, trigger_id: triggerId() }),
        }),
        "application/x-www-form-urlencoded",
        o,
      ),
    async close() {
      await slack.stop();
      if (!options.store) await store.close();
      await rm(dataDir, { recursive: true, force: true });
      nock.cleanAll();
    },
  };
}

/** Parses a form-encoded Web API body; `blocks` and `view` arrive as JSON strings. */
export function apiBody(body: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> =
    typeof body === "string" ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as Record<string, unknown>) };
  for (const k of ["blocks", "view"]) if (typeof fields[k] === "string") fields[k] = JSON.parse(fields[k] as string);
  return fields;
}

/** Intercepts one Web API method; returns the bodies it received. */
export function mockApi(method: string, reply: Record<string, unknown> = { ok: true }, times = 1) {
  const calls: Record<string, unknown>[] = [];
  const scope = nock(API)
    .post(`/api/${method}`, (body) => {
      calls.push(apiBody(body));
      return true;
    })
    .times(times)
    .reply(200, reply);
  return { calls, scope };
}

/** Intercepts posts to the command's response_url; returns the JSON bodies. */
export function mockResponseUrl(times = 1) {
  const calls: Record<string, unknown>[] = [];
  const scope = nock(HOOKS)
    .post(/.*/, (body) => {
      calls.push(body as Record<string, unknown>);
      return true;
    })
    .times(times)
    .reply(200, "ok");
  return { calls, scope };
}

export { jsonOf, nock };
