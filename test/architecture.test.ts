import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The core is pure: no Slack, logging, scheduling, files, environment or clock. */
const FORBIDDEN_IMPORTS = [
  /^@slack\//,
  /^pino/,
  /^node-cron/,
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?child_process$/,
  /^(node:)?http/,
];
const FORBIDDEN_CODE = [
  /process\.env/,
  /Date\.now\(/,
  /new Date\(\s*\)/,
  /performance\.now\(/,
  /setTimeout\(/,
  /setInterval\(/,
];

describe("architecture", () => {
  const core = filesUnder(join(src, "core"));

  it("finds the core", () => {
    expect(core.length).toBeGreaterThan(5);
  });

  it.each(core.map((f) => [relative(src, f), f]))("%s imports nothing outside the core's allowance", (_name, file) => {
    const text = readFileSync(file, "utf8");
    const imports = [...text.matchAll(/^\s*import\s[^;]*?from\s+["']([^"']+)["']/gms)].map((m) => m[1] as string);
    for (const spec of imports) {
      for (const re of FORBIDDEN_IMPORTS) expect(spec, `${file} imports ${spec}`).not.toMatch(re);
      if (spec.startsWith(".")) {
        const target = relative(join(src, "core"), resolve(dirname(file), spec));
        expect(target, `${file} reaches out of the core to ${spec}`).not.toMatch(/^\.\./);
      }
    }
    for (const re of FORBIDDEN_CODE) expect(text, `${file} uses ${re}`).not.toMatch(re);
  });
});
