import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

/** The variables a source file reads, in the forms the code reads them. */
function variablesRead(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:value\(env, |flag\()"([A-Z][A-Z0-9_]+)"|\benv\.([A-Z][A-Z0-9_]+)/g)) {
    found.add((m[1] ?? m[2]) as string);
  }
  return [...found].sort();
}

describe(".env.example", () => {
  const listed = [...read(".env.example").matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1] as string).sort();

  it("lists every variable src/config.ts reads, and the command line's NO_COLOR", () => {
    const read_ = [...variablesRead(read("src/config.ts")), "NO_COLOR"].sort();
    expect(read_.length).toBeGreaterThan(10);
    expect(listed).toEqual([...new Set(read_)].sort());
  });

  it("has every variable the README's configuration table documents", () => {
    const table = [...read("README.md").matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1] as string).sort();
    expect(table).toEqual(listed);
  });
});
