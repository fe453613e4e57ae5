/**
 * Builds the Bolt app (never starts it on import). Socket Mode when an app-level token
 * is configured; otherwise HTTP on a server nkru owns, so it can refuse requests whose
 * timestamp is too far in the future (Bolt only refuses stale ones) before Bolt
 * verifies the signature, and serve GET /healthz.
 *
 * In Socket Mode, Slack's requests come over the socket and nothing is exposed; GET
 * /healthz is still served, on loopback only, so a container's health check can ask
 * whether the index is loaded in either mode.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPModuleFunctions, HTTPReceiver } from "@slack/bolt";
import type { RetryOptions } from "@slack/web-api";
import type { SlackConfig } from "../config.js";
import { boltLogger } from "../logger.js";
import type { SlackDeps } from "./deps.js";
import { registerListeners } from "./listeners/index.js";
import { checkSlackRequest } from "./request-verification.js";

export const EVENTS_PATH = "/slack/events";
export const HEALTH_PATH = "/healthz";

export interface SlackAppOptions {
  readonly slack: SlackConfig;
  /**
   * Where to listen; port 0 picks a free one. In HTTP mode for Slack's requests and the
   * health check; in Socket Mode for the health check only, on loopback unless `host`
   * says otherwise. Socket Mode without a port serves no health check.
   */
  readonly port?: number;
  readonly host?: string;
  /**
   * The bot's identity, when known: skips the `auth.test` call Bolt otherwise makes at
   * construction (tests and local stand-ins pass it).
   */
  readonly bot?: { readonly botId: string; readonly botUserId: string };
  /** Web API retries; none by default (see DEFAULT_RETRY). */
  readonly retryConfig?: RetryOptions;
  /** Web API request timeout in milliseconds. */
  readonly timeoutMs?: number;
  /** Longest wait for any outgoing request, `response_url` posts included (Bolt's `respond` has none of its own). */
  readonly responseTimeoutMs?: number;
}

export interface NkruSlackApp {
  readonly app: App;
  readonly mode: "socket" | "http";
  /** Starts; resolves with the port listened on (null for Socket Mode without a health port). */
  start(): Promise<{ port: number | null }>;
  /** Stops taking requests, then waits for work under way. */
  stop(): Promise<void>;
  /** Resolves when no request is being handled. */
  idle(): Promise<void>;
}

/**
 * No blind retries: a post that timed out may have been posted, so post-once.ts looks
 * for it before posting again, and a 429 is waited out by the call it hit.
 */
export const DEFAULT_RETRY: RetryOptions = { retries: 0 };

export function createSlackApp(options: SlackAppOptions, deps: SlackDeps): NkruSlackApp {
  const { slack } = options;
  const logger = boltLogger(deps.logger);
  const within = options.responseTimeoutMs ?? 10_000;
  const clientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    // Every request the app makes, to the Web API or a response_url, gives up after `within`.
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      const timeout = AbortSignal.timeout(within);
      return globalThis.fetch(input, {
        ...init,
        signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
      });
    },
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    timeout: options.timeoutMs ?? 10_000,
    // A 429 fails that call at once instead of pausing every call of the client: the caller
    // waits for that method and channel only (post-once.ts), so other channels' replies go ahead.
    rejectRateLimitedCalls: true,
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
    let health: Server | null = null;
    return {
      app,
      mode: "socket",
      async start() {
        await app.start();
        if (options.port === undefined) return { port: null };
        health = await listen(
          (req, res) => (healthCheck(req, res, deps) ? undefined : notFound(res)),
          options.port,
          options.host ?? "127.0.0.1",
        );
        return { port: (health.address() as AddressInfo).port };
      },
      async stop() {
        await app.stop();
        await deps.inFlight.idle();
        await closeServer(health);
        health = null;
      },
      idle: () => deps.inFlight.idle(),
    };
  }

  const signingSecret = slack.signingSecret;
  if (!signingSecret) throw new Error("createSlackApp: HTTP mode needs a signing secret");
  // nkru verifies every request itself, against the injected clock (request-verification.ts).
  const receiver = new HTTPReceiver({
    signingSecret,
    signatureVerification: false,
    endpoints: EVENTS_PATH,
    processBeforeResponse: false,
    logger,
  });
  const app = new App({ token: slack.botToken, receiver, logger, clientOptions, ...identity });
  wire(app, deps);

  const refuse = (res: ServerResponse, status: number, reason: string) => {
    deps.logger.warn({ kind: "http", outcome: "refused", status, reason }, "request refused");
    res.writeHead(status).end();
  };
  const verifyThenDispatch = async (req: IncomingMessage, res: ServerResponse) => {
    let body: Buffer;
    try {
      // Bolt reads the buffered body from here instead of the stream.
      body = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody;
    } catch (error) {
      refuse(res, HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413 ? 413 : 400, "unreadable body");
      return;
    }
    const check = checkSlackRequest({
      signingSecret,
      timestamp: req.headers["x-slack-request-timestamp"],
      signature: req.headers["x-slack-signature"],
      contentType: req.headers["content-type"],
      body: body.toString("utf8"),
      nowMs: deps.clock().getTime(),
    });
    if (!check.ok) return refuse(res, check.status, check.reason);
    if (check.sslCheck) return void res.writeHead(200).end();
    receiver.requestListener(req, res);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (healthCheck(req, res, deps)) return;
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === EVENTS_PATH && req.method === "POST") {
      verifyThenDispatch(req, res).catch((error: unknown) => {
        deps.logger.error({ err: error }, "request could not be handled");
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    notFound(res);
  };

  let server: Server | null = null;
  return {
    app,
    mode: "http",
    async start() {
      server = await listen(handle, options.port ?? 3000, options.host);
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      const s = server;
      server = null;
      // Stop taking requests; the close completes once requests under way are answered.
      const closed = closeServer(s);
      await deps.inFlight.idle();
      await closed;
      await deps.inFlight.idle();
    },
    idle: () => deps.inFlight.idle(),
  };
}

/** GET /healthz: 200 once the index is loaded, 503 before. True when it answered. */
function healthCheck(req: IncomingMessage, res: ServerResponse, deps: SlackDeps): boolean {
  if (req.method !== "GET" || new URL(req.url ?? "/", "http://localhost").pathname !== HEALTH_PATH) return false;
  const ready = deps.knowledge.current !== null;
  res.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
  res.end(JSON.stringify({ status: ready ? "ok" : "loading" }));
  return true;
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
}

function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host?: string,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer(handler);
    s.once("error", reject);
    s.listen(port, host, () => resolve(s));
  });
}

function closeServer(s: Server | null): Promise<void> {
  if (!s) return Promise.resolve();
  const closed = new Promise<void>((resolve) => s.close(() => resolve()));
  s.closeIdleConnections();
  return closed;
}

function wire(app: App, deps: SlackDeps): void {
  registerListeners(app, deps);
  // Log and swallow: Bolt's default rethrows, which turns a stored acknowledgement into a 500.
  app.error(async (error) => {
    deps.logger.error({ err: error }, "unhandled error in a listener");
  });
}
