import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every module a file names, in any form: import … from, import "…", export … from, import(), require(). */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  const forms = [
    /\bimport\s+(?:type\s+)?[^;"'`]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
    /\brequire\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
  ];
  for (const re of forms) for (const m of text.matchAll(re)) specs.push(m[1] as string);
  return specs;
}

/** The core is pure: no Slack, logging, scheduling, files, network, processes or machine; no environment or clock. */
const CORE_FORBIDDEN_MODULES = [
  /^@slack\//,
  /^pino/,
  /^node-cron/,
  /^(node:)?(fs|fs\/promises|child_process|http|https|http2|net|dgram|dns|os|worker_threads|cluster|process|timers|timers\/promises|perf_hooks|readline|tls)$/,
  /^(pg|better-sqlite3|undici)$/,
];
const CORE_FORBIDDEN_CODE: readonly [RegExp, string][] = [
  [/\bprocess\s*\./, "process"],
  [/\bDate\.now\s*\(/, "Date.now()"],
  [/\bnew Date\(\s*\)/, "new Date()"],
  [/\bperformance\s*\./, "performance"],
  [/\b(?:setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, "timers"],
  [/\bglobalThis\b/, "globalThis"],
  [/\bfetch\s*\(/, "fetch"],
];

/** What is wrong with a core file's text: the modules it may not use and the globals it may not touch. */
function coreViolations(text: string, file: string): string[] {
  const found: string[] = [];
  for (const spec of importsOf(text)) {
    if (CORE_FORBIDDEN_MODULES.some((re) => re.test(spec))) found.push(`imports ${spec}`);
    if (spec.startsWith(".")) {
      const target = relative(join(src, "core"), resolve(dirname(file), spec));
      if (target.startsWith("..")) found.push(`reaches out of the core to ${spec}`);
    }
  }
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ""); // comments may name anything
  for (const [re, what] of CORE_FORBIDDEN_CODE) if (re.test(code)) found.push(`uses ${what}`);
  return found;
}

/** A file's folder under src/ ("core", "slack", …), or its own name for the files at the top. */
function unitOf(file: string): string {
  const rel = relative(src, file);
  return rel.includes(sep) ? (rel.split(sep)[0] as string) : rel.replace(/\.ts$/, "");
}

/** Which folders a folder may import. Adapters sit side by side; the slack adapter implements the jobs' ports. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  markup: ["core"],
  runtime: [],
  io: ["core", "runtime", "result", "clock", "logger", "knowledge-holder", "config"],
  store: ["core", "io", "result", "clock", "logger"],
  ingest: ["core", "io", "runtime", "result", "clock", "logger", "knowledge-holder"],
  jobs: ["core", "io", "store", "ingest", "runtime", "result", "clock", "logger", "knowledge-holder"],
  slack: [
    "core",
    "markup",
    "runtime",
    "io",
    "store",
    "ingest",
    "jobs",
    "result",
    "clock",
    "logger",
    "knowledge-holder",
    "config",
  ],
  cli: [
    "core",
    "markup",
    "io",
    "store",
    "ingest",
    "jobs",
    "runtime",
    "result",
    "clock",
    "config",
    "logger",
    "knowledge-holder",
  ],
};

const edges = (() => {
  const out: { from: string; to: string; file: string; spec: string }[] = [];
  for (const file of filesUnder(src)) {
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) continue;
      const to = unitOf(resolve(dirname(file), spec).replace(/\.js$/, ".ts"));
      const from = unitOf(file);
      if (to !== from) out.push({ from, to, file: relative(src, file), spec });
    }
  }
  return out;
})();

describe("architecture", () => {
  const core = filesUnder(join(src, "core"));

  it("finds the core", () => {
    expect(core.length).toBeGreaterThan(5);
  });

  it.each(core.map((f) => [relative(src, f), f]))("%s uses nothing outside the core's allowance", (_name, file) => {
    expect(coreViolations(readFileSync(file, "utf8"), file)).toEqual([]);
  });

  it("catches every form of a forbidden import, and the clock, timers and process, planted in the core", () => {
    const file = join(src, "core", "planted.ts");
    for (const planted of [
      'import { App } from "@slack/bolt";',
      'import type { App } from "@slack/bolt";',
      'export { App } from "@slack/bolt";',
      'export * from "@slack/bolt";',
      'const bolt = await import("@slack/bolt");',
      'const fs = require("node:fs");',
      'import "node:os";',
      'import { readFile } from "../io/corpus-folder.js";',
    ]) {
      expect(coreViolations(planted, file), planted).not.toEqual([]);
    }
    for (const planted of [
      "const env = process.env.X;",
      "const t = Date.now();",
      "const t = new Date();",
      "setTimeout(() => {}, 1);",
      "const t = performance.now();",
    ]) {
      expect(coreViolations(planted, file), planted).not.toEqual([]);
    }
    expect(coreViolations('import { stemmer } from "stemmer";\nconst d = new Date(ms);', file)).toEqual([]);
  });

  it.each(Object.keys(MAY_IMPORT))("%s/ imports only the folders it may", (unit) => {
    const wrong = edges.filter((e) => e.from === unit && !(MAY_IMPORT[unit] as readonly string[]).includes(e.to));
    expect(wrong.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  it("has no import cycle between folders", () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(" → "));
        else if (path.length < 12) visit(next, [...path, next]);
      }
    };
    for (const node of graph.keys()) visit(node, [node]);
    expect(cycles).toEqual([]);
  });
});
