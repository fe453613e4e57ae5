/**
 * Downloads a file someone shared with nkru: from Slack's own file hosts only, over
 * https, with the bot token (files:read), a deadline and the same size cap as pages.
 * The address comes from Slack's event, but it is checked all the same: the token must
 * never be sent anywhere else.
 */
import { failed, ok, type Result } from "../result.js";

const SLACK_FILE_HOSTS = /(?:^|\.)(?:slack\.com|slack-files\.com|slack-edge\.com)$/i;

export interface DownloadOptions {
  readonly token: string;
  readonly maxBytes: number;
  readonly timeoutMs?: number;
  /** SLACK_API_URL's host, where a local stand-in serves files in tests and demos. */
  readonly extraHost?: string | null;
}

export async function downloadSlackFile(url: string, options: DownloadOptions): Promise<Result<Buffer>> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return failed("bad_url", "the file has no download address");
  }
  const local = options.extraHost && u.host === options.extraHost;
  if (!local && (u.protocol !== "https:" || !SLACK_FILE_HOSTS.test(u.hostname))) {
    return failed("refused_address", "the file is not on Slack's file servers");
  }
  let response: Response;
  try {
    response = await fetch(u, {
      headers: { authorization: `Bearer ${options.token}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const name = (error as Error).name;
    return name === "TimeoutError" || name === "AbortError"
      ? failed("timeout", "Slack took too long to hand over the file")
      : failed("network", "I couldn't download the file from Slack");
  }
  if (!response.ok) {
    await response.body?.cancel();
    return failed(
      response.status === 403 || response.status === 401 ? "missing_scope" : "http_error",
      `Slack answered HTTP ${response.status} for the file`,
    );
  }
  // Slack answers a download without files:read with its sign-in page, not an error.
  if (/text\/html/i.test(response.headers.get("content-type") ?? "") && !/\.html?$/i.test(u.pathname)) {
    await response.body?.cancel();
    return failed("missing_scope", "Slack did not hand over the file (nkru may lack the files:read scope)");
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return ok(Buffer.alloc(0));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > options.maxBytes) {
      await reader.cancel();
      return failed("too_large", `larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB`);
    }
    chunks.push(value);
  }
  return ok(Buffer.concat(chunks));
}
