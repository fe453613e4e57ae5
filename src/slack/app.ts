/**
 * Builds the Bolt app (never starts it on import). Socket Mode when an app-level token
 * is configured; otherwise HTTP on a server nkru owns, so it can refuse requests whose
 * timestamp is too far in the future (Bolt only refuses stale ones) before Bolt
 * verifies the signature, and serve GET /healthz.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver } from "@slack/bolt";
import type { RetryOptions } from "@slack/web-api";
import type { SlackConfig } from "../config.js";
import { boltLogger } from "../logger.js";
import type { SlackDeps } from "./deps.js";
import { registerListeners } from "./listeners/index.js";

export const EVENTS_PATH = "/slack/events";
export const HEALTH_PATH = "/healthz";
/** Slack's own rule: a request more than five minutes from now, either way, is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface SlackAppOptions {
  readonly slack: SlackConfig;
  /** HTTP mode: where to listen; port 0 picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /**
   * The bot's identity, when known: skips the `auth.test` call Bolt otherwise makes at
   * construction (tests and local stand-ins pass it).
   */
  readonly bot?: { readonly botId: string; readonly botUserId: string };
  /** Web API retries; the default retries three times, waiting Retry-After on rate limits. */
  readonly retryConfig?: RetryOptions;
  /** Web API request timeout in milliseconds. */
  readonly timeoutMs?: number;
}

export interface NkruSlackApp {
  readonly app: App;
  readonly mode: "socket" | "http";
  /** Starts listening; in HTTP mode resolves with the port. */
  start(): Promise<{ port: number | null }>;
  /** Stops taking requests, then waits for work under way. */
  stop(): Promise<void>;
  /** Resolves when no request is being handled. */
  idle(): Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 };

export function createSlackApp(options: SlackAppOptions, deps: SlackDeps): NkruSlackApp {
  const { slack } = options;
  const logger = boltLogger(deps.logger);
  const clientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    timeout: options.timeoutMs ?? 10_000,
    rejectRateLimitedCalls: false,
  };
  const identity = options.bot ? { botId: options.bot.botId, botUserId: options.bot.botUserId } : {};

  if (slack.appToken) {
    const app = new App({
      token: slack.botToken,
      appToken: slack.appToken,
      socketMode: true,
      logger,
      clientOptions,
      ...identity,
    });
    wire(app, deps);
    return {
      app,
      mode: "socket",
      async start() {
        await app.start();
        return { port: null };
      },
      async stop() {
        await app.stop();
        await deps.inFlight.idle();
      },
      idle: () => deps.inFlight.idle(),
    };
  }

  if (!slack.signingSecret) throw new Error("createSlackApp: HTTP mode needs a signing secret");
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: EVENTS_PATH,
    processBeforeResponse: false,
    logger,
  });
  const app = new App({ token: slack.botToken, receiver, logger, clientOptions, ...identity });
  wire(app, deps);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === HEALTH_PATH && req.method === "GET") {
      const ready = deps.knowledge.current !== null;
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: ready ? "ok" : "loading" }));
      return;
    }
    if (path === EVENTS_PATH && req.method === "POST") {
      const ts = Number(req.headers["x-slack-request-timestamp"]);
      if (Number.isFinite(ts) && ts - deps.clock().getTime() / 1000 > MAX_CLOCK_SKEW_SECONDS) {
        deps.logger.warn({ kind: "http", outcome: "refused", reason: "timestamp in the future" }, "request refused");
        res.writeHead(401).end();
        return;
      }
      receiver.requestListener(req, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
  };

  let server: Server | null = null;
  return {
    app,
    mode: "http",
    start() {
      return new Promise((resolve, reject) => {
        const s = createServer(handle);
        s.once("error", reject);
        s.listen(options.port ?? 3000, options.host, () => {
          server = s;
          resolve({ port: (s.address() as AddressInfo).port });
        });
      });
    },
    async stop() {
      const s = server;
      server = null;
      if (s) {
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeIdleConnections();
        await deps.inFlight.idle();
        await closed;
      }
      await deps.inFlight.idle();
    },
    idle: () => deps.inFlight.idle(),
  };
}

function wire(app: App, deps: SlackDeps): void {
  registerListeners(app, deps);
  // Log and swallow: Bolt's default rethrows, which turns a stored acknowledgement into a 500.
  app.error(async (error) => {
    deps.logger.error({ err: error }, "unhandled error in a listener");
  });
}
