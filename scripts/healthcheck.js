#!/usr/bin/env node
// The container's HEALTHCHECK: exits 0 when GET http://127.0.0.1:${PORT:-3000}/healthz
// answers 200 (the index is loaded), 1 otherwise. Plain node, because slim images have
// no curl or wget. In Socket Mode nkru serves /healthz on loopback only, so the same
// check works with no port exposed.
import { request } from "node:http";

const TIMEOUT_MS = 4000;

function done(code, message) {
  (code === 0 ? process.stdout : process.stderr).write(`healthcheck: ${message}\n`);
  process.exit(code);
}

const rawPort = process.env.PORT?.trim() || "3000";
const port = Number(rawPort);
if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) done(1, `PORT is not a port number: "${rawPort}"`);

const req = request({ host: "127.0.0.1", port, path: "/healthz", method: "GET", timeout: TIMEOUT_MS }, (res) => {
  res.resume();
  if (res.statusCode === 200) done(0, "ready");
  else done(1, `GET /healthz answered ${res.statusCode}${res.statusCode === 503 ? " (corpus still loading)" : ""}`);
});
req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
req.on("error", (error) => done(1, `GET http://127.0.0.1:${port}/healthz failed: ${error.message}`));
req.end();
