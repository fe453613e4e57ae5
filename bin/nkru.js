#!/usr/bin/env node
// Runs the compiled command line; `npm install` builds it (the "prepare" script).
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/nkru.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("nkru: not built yet; run `npm run build` (npm install does this) and try again.\n");
  process.exit(1);
}
await import(entry.href);
