/**
 * Fetches a page or a feed from an address someone typed, safely (see address-policy.ts):
 * the host is resolved here, every address it resolves to is checked, and the connection
 * is pinned to the checked address, so a second lookup can never lead elsewhere (DNS
 * rebinding). Each redirect (at most 5) is checked the same way before it is followed.
 * One deadline covers the whole fetch, the size cap counts bytes as they arrive (after
 * decompression, so a small gzip bomb is still capped), and only the content types the
 * caller accepts are read.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { failed, ok, type Result } from "../result.js";
import { type AddressPolicy, bareHost, checkAddress, parseFetchUrl } from "./address-policy.js";

export const USER_AGENT = "nkru/0.1 (Slack bot that adds news articles to its corpus when asked)";

export interface FetchOptions {
  readonly policy: AddressPolicy;
  /** Content types (without parameters) that may be read; anything else is refused unread. */
  readonly accept: readonly string[];
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  /** Sent with the request: conditional headers for feeds, say. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Resolves a host name to its addresses; default the system resolver. Tests pass their own. */
  readonly resolve?: (host: string) => Promise<readonly { address: string; family: number }[]>;
}

export interface Fetched {
  /** Where the content came from, after redirects. */
  readonly url: string;
  readonly status: number;
  /** Without parameters, lower case ("text/html"); "" when the server named none. */
  readonly contentType: string;
  /** The charset the server declared, if any. */
  readonly charset: string | null;
  readonly bytes: Buffer;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** The server said 304: nothing changed since the conditional headers' version. */
  readonly notModified: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

const systemResolve = (host: string) => dnsLookup(host, { all: true, verbatim: true });

/** The address `url` may be connected to, after its host's resolution is checked. */
async function checkedAddress(url: URL, options: FetchOptions): Promise<Result<{ address: string; family: number }>> {
  const host = bareHost(url);
  if (isIP(host)) {
    const checked = checkAddress(host, host, options.policy);
    return checked.ok ? ok({ address: host, family: isIP(host) }) : checked;
  }
  let addresses: readonly { address: string; family: number }[];
  try {
    addresses = await (options.resolve ?? systemResolve)(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return failed("dns_failed", `could not find ${host} (${code})`);
  }
  if (addresses.length === 0) return failed("dns_failed", `could not find ${host}`);
  // Every address must pass: connecting to "the public one" of a mixed answer is a race an attacker can win.
  for (const a of addresses) {
    const checked = checkAddress(host, a.address, options.policy);
    if (!checked.ok) return checked;
  }
  return ok(addresses[0] as { address: string; family: number });
}

interface Response {
  readonly res: IncomingMessage;
}

function send(
  url: URL,
  pinned: { address: string; family: number },
  options: FetchOptions,
  signal: AbortSignal,
): Promise<Result<Response>> {
  return new Promise((resolve) => {
    const request = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = request(
      url,
      {
        method: "GET",
        signal,
        headers: {
          "user-agent": USER_AGENT,
          accept: options.accept.join(", "),
          "accept-encoding": "gzip, deflate, br",
          ...options.headers,
        },
        // The checked address, never a fresh lookup (see the file comment).
        lookup: ((_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
          if (opts?.all) callback(null, [pinned]);
          else callback(null, pinned.address, pinned.family);
        }) as never,
        ...(url.protocol === "https:" && !isIP(bareHost(url)) ? { servername: bareHost(url) } : {}),
      },
      (res) => resolve(ok({ res })),
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (signal.aborted) resolve(failed("timeout", `${url.host} took longer than allowed`));
      else resolve(failed("network", `could not fetch from ${url.host} (${error.code ?? error.message})`));
    });
    req.end();
  });
}

function decompressed(res: IncomingMessage): NodeJS.ReadableStream {
  const encoding = String(res.headers["content-encoding"] ?? "").toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return res.pipe(createGunzip());
  if (encoding === "deflate") return res.pipe(createInflate());
  if (encoding === "br") return res.pipe(createBrotliDecompress());
  return res;
}

async function readCapped(res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Result<Buffer>> {
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = decompressed(res);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        res.destroy();
        return failed("too_large", `larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (signal.aborted) return failed("timeout", "the page took longer than allowed");
    return failed("network", `the download broke off (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return ok(Buffer.concat(chunks));
}

function mediaType(header: string | undefined): { type: string; charset: string | null } {
  const [type = "", ...params] = String(header ?? "").split(";");
  const charset = params
    .map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1])
    .find((c): c is string => Boolean(c));
  return { type: type.trim().toLowerCase(), charset: charset ?? null };
}

/** Fetches `raw`: the content, or why not in words (codes: bad_url, refused_address, timeout, too_large, …). */
export async function fetchPage(raw: string, options: FetchOptions): Promise<Result<Fetched>> {
  const parsed = parseFetchUrl(raw);
  if (!parsed.ok) return parsed;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let url = parsed.value;
  for (let hop = 0; ; hop++) {
    const pinned = await checkedAddress(url, options);
    if (!pinned.ok) return pinned;
    if (signal.aborted) return failed("timeout", `${url.host} took longer than allowed`);
    const sent = await send(url, pinned.value, options, signal);
    if (!sent.ok) return sent;
    const { res } = sent.value;
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && status !== 304 && res.headers.location) {
      res.resume();
      if (hop >= (options.maxRedirects ?? 5)) return failed("too_many_redirects", "more than 5 redirects");
      const next = parseFetchUrl(new URL(res.headers.location, url).toString());
      if (!next.ok) return failed(next.code, `it redirects to an address that cannot be fetched: ${next.message}`);
      url = next.value;
      continue;
    }
    const headerOf = (name: string) => {
      const v = res.headers[name];
      return typeof v === "string" ? v : null;
    };
    const common = { url: url.toString(), status, etag: headerOf("etag"), lastModified: headerOf("last-modified") };
    if (status === 304) {
      res.resume();
      return ok({ ...common, contentType: "", charset: null, bytes: Buffer.alloc(0), notModified: true });
    }
    if (status === 401 || status === 403) {
      res.resume();
      return failed(
        "http_refused",
        `${url.host} refused the request (HTTP ${status}): it may need a login or a subscription`,
      );
    }
    if (status === 404 || status === 410) {
      res.resume();
      return failed("not_found", `${url.host} has no such page (HTTP ${status})`);
    }
    if (status < 200 || status >= 300) {
      res.resume();
      return failed("http_error", `${url.host} answered HTTP ${status}`);
    }
    const { type, charset } = mediaType(res.headers["content-type"]);
    const length = Number(res.headers["content-length"]);
    if (Number.isFinite(length) && length > maxBytes) {
      res.destroy();
      return failed("too_large", `larger than ${Math.round(maxBytes / 1024 / 1024)} MB (${length} bytes)`);
    }
    // A PDF is often served as application/octet-stream: its first bytes tell.
    if (!options.accept.includes(type) && type !== "application/octet-stream" && type !== "") {
      res.destroy();
      return failed("unsupported_type", `it is ${type}, which nkru cannot read`);
    }
    const body = await readCapped(res, maxBytes, signal);
    if (!body.ok) return body;
    const sniffed = type === "application/octet-stream" || type === "" ? sniff(body.value) : type;
    if (!sniffed || !options.accept.includes(sniffed)) {
      return failed("unsupported_type", `it is ${type || "of no stated type"}, which nkru cannot read`);
    }
    return ok({ ...common, contentType: sniffed, charset, bytes: body.value, notModified: false });
  }
}

function sniff(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 512).toString("latin1").trimStart().toLowerCase();
  if (head.startsWith("%pdf-")) return "application/pdf";
  if (head.startsWith("<!doctype html") || head.startsWith("<html")) return "text/html";
  if (head.startsWith("<?xml") || head.startsWith("<rss") || head.startsWith("<feed")) return "application/xml";
  return null;
}
