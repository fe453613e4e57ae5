import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { KnowledgeHolder } from "../../src/knowledge-holder.js";
import { createLogger } from "../../src/logger.js";
import { createSlackApp, type NkruSlackApp } from "../../src/slack/app.js";
import { InFlight } from "../../src/slack/in-flight.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { bundledKnowledgeBase } from "../helpers/corpus.js";
import { API, BOT_TOKEN, nock } from "./harness.js";

let server: WebSocketServer | null = null;
let slack: NkruSlackApp | null = null;
afterEach(async () => {
  await slack?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  nock.cleanAll();
});

describe("Socket Mode", () => {
  it("connects through apps.connections.open and acknowledges a slash command with the answer", async () => {
    server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => server?.once("listening", resolve));
    const port = (server.address() as AddressInfo).port;

    let authHeader = "";
    nock(API)
      .post("/api/apps.connections.open")
      .reply(function () {
        authHeader = String(this.req.headers.authorization);
        return [200, { ok: true, url: `ws://127.0.0.1:${port}/link` }];
      });

    const acked = new Promise<Record<string, unknown>>((resolve) => {
      server?.on("connection", (socket) => {
        socket.on("message", (data) => {
          const msg = JSON.parse(String(data)) as Record<string, unknown>;
          if (msg.envelope_id === "env-1") resolve(msg);
        });
        socket.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A1" } }));
        socket.send(
          JSON.stringify({
            envelope_id: "env-1",
            type: "slash_commands",
            accepts_response_payload: true,
            payload: {
              token: "unused",
              team_id: "T1",
              channel_id: "C1",
              user_id: "U123",
              command: "/nkru",
              text: "Who is Andrei Kozyrev?",
              response_url: "http://hooks.slack.test/commands/1",
              trigger_id: "1.2",
              api_app_id: "A1",
            },
          }),
        );
      });
    });

    const knowledge = new KnowledgeHolder(() => new Date());
    knowledge.set(bundledKnowledgeBase(), 1);
    const sink = new Writable({ write: (_c, _e, done) => done() });
    slack = createSlackApp(
      {
        slack: {
          botToken: BOT_TOKEN,
          appToken: "xapp-1-A1-1234-socketsecret",
          signingSecret: null,
          apiUrl: `${API}/api/`,
        },
        bot: { botId: "B0BOT", botUserId: "UBOT" },
        retryConfig: { retries: 0 },
        port: 0,
      },
      {
        knowledge,
        store: new SqliteStore(":memory:"),
        logger: createLogger({ destination: sink, pretty: false }),
        clock: () => new Date(),
        inFlight: new InFlight(),
        digestSchedule: () => "not scheduled",
      },
    );
    expect(slack.mode).toBe("socket");
    const { port: healthPort } = await slack.start();
    // Nothing is exposed for Slack, but a health check can still ask whether the index is loaded.
    const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${healthPort}/slack/events`, { method: "POST" })).status).toBe(404);

    const ack = await acked;
    expect(authHeader).toBe("Bearer xapp-1-A1-1234-socketsecret");
    const payload = ack.payload as { response_type: string; blocks: unknown[] };
    expect(payload.response_type).toBe("ephemeral");
    expect(JSON.stringify(payload.blocks)).toMatch(/former Russian foreign minister/);
  });
});
