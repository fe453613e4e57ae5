/**
 * What tests and benchmarks need to talk to nkru as Slack does, with no side effects on
 * import (unlike test/slack/harness.ts, which switches nock on): signing a request, a
 * local stand-in for the Web API, and a free loopback port.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Slack's request signature: v0= HMAC-SHA256 of "v0:timestamp:body". */
export function signSlackRequest(body: string, timestamp: number | string, secret: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** A stand-in for the Web API: auth.test answers `auth`, every other method `{ok: true}`. */
export async function startWebApiStandIn(auth: Record<string, unknown>): Promise<{ server: Server; apiUrl: string }> {
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.url?.endsWith("/auth.test") ? auth : { ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/` };
}

/**
 * The JSON body of a response from the app, after checking its status: a refused
 * request fails with its status and body, not with a JSON parse error.
 */
export async function jsonOf<T = Record<string, unknown>>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  if (res.status !== status)
    throw new Error(`expected HTTP ${status} from the app, got ${res.status}: ${text || "(empty body)"}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON from the app (HTTP ${res.status}), got: ${text || "(empty body)"}`);
  }
}

/**
 * The variables that set a process's view of the clock (libfaketime's, when the suite
 * runs under `faketime`), so an app a test starts as a process reads the same clock the
 * test signs its requests with.
 */
export function clockEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && (e[0] === "LD_PRELOAD" || e[0].startsWith("FAKETIME")),
    ),
  );
}

/** Posts a signed `/nkru TEXT` to an app listening on `port`, as Slack would. */
export function postSignedCommand(port: number, text: string, secret: string, signal?: AbortSignal): Promise<Response> {
  const body = new URLSearchParams({
    command: "/nkru",
    text,
    user_id: "U1",
    channel_id: "C1",
    team_id: "T1",
    response_url: "http://127.0.0.1:1/x",
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(body, ts, secret),
    },
    body,
    ...(signal ? { signal } : {}),
  });
}
