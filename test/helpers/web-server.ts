/** A local HTTP server for pages and feeds the tests write, recording every request it receives. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface WebServer {
  readonly host: string;
  readonly port: number;
  /** "http://127.0.0.1:PORT/path". */
  url(path: string): string;
  /** Paths requested so far, in order. */
  readonly hits: string[];
  close(): Promise<void>;
}

export async function webServer(routes: Record<string, Route>, host = "127.0.0.1"): Promise<WebServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const route = routes[(req.url ?? "").split("?")[0] as string];
    if (route) route(req, res);
    else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    url: (path) => `http://${host}:${port}${path}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `body` with `type`. */
export const serve =
  (type: string, body: string | Buffer, headers: Record<string, string> = {}): Route =>
  (_req, res) => {
    res.writeHead(200, { "content-type": type, ...headers });
    res.end(body);
  };

export const redirectTo =
  (location: string, status = 302): Route =>
  (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };
