import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLED_CORPUS_DIR } from "../../src/config.js";
import { KnowledgeBase } from "../../src/core/knowledge-base.js";
import type { SourceFile } from "../../src/core/types.js";

export function bundledFiles(): SourceFile[] {
  return readdirSync(BUNDLED_CORPUS_DIR).map((name) => ({ name, bytes: readFileSync(join(BUNDLED_CORPUS_DIR, name)) }));
}

export function textFile(name: string, text: string): SourceFile {
  return { name, bytes: new TextEncoder().encode(text) };
}

let cached: KnowledgeBase | null = null;
/** The knowledge base over the bundled corpus, built once per test file. */
export function bundledKnowledgeBase(): KnowledgeBase {
  cached ??= KnowledgeBase.fromFiles(bundledFiles());
  return cached;
}
