/**
 * JSON for large saved files, written and read a line at a time: the value's large
 * arrays (named by their paths) are left empty in the first line and follow in lines of
 * a few thousand items each. Reading it can then pause between lines, where one
 * `JSON.parse` of a 25 MB index held the event loop for 200 ms; and writing it never
 * makes the whole file one string.
 *
 * Line 1: {"value": <the value with the chunked arrays empty>, "chunked": [path, …]}
 * Then:   [i, [item, …]] for the i-th path, in order.
 */
import { Buffer } from "node:buffer";
import { asciiJson } from "./ascii-json.js";

type Path = readonly string[];

/** Characters of items per line, about: small enough to parse in a few milliseconds. */
const LINE_CHARS = 100_000;

function at(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) v = (v as Record<string, unknown> | null)?.[key];
  return v;
}

/** The value with the array at each path replaced by an empty one (objects on the way copied, not changed). */
function withEmpty(value: unknown, paths: readonly Path[]): unknown {
  const copy = (v: unknown, path: Path, depth: number): unknown => {
    if (depth === path.length) return [];
    const o = { ...(v as Record<string, unknown>) };
    const key = path[depth] as string;
    o[key] = copy(o[key], path, depth + 1);
    return o;
  };
  let out = value;
  for (const p of paths) out = copy(out, p, 0);
  return out;
}

/** The lines of `value` as chunked JSON (see the module's notes), each ending in a newline. */
export function* chunkedJsonLines(value: unknown, paths: readonly Path[]): Generator<string, void> {
  yield `${asciiJson({ value: withEmpty(value, paths), chunked: paths })}\n`;
  for (const [i, path] of paths.entries()) {
    const items = at(value, path);
    if (!Array.isArray(items)) throw new Error(`chunked JSON: ${path.join(".")} is not an array`);
    let line: string[] = [];
    let size = 0;
    for (const item of items) {
      const text = asciiJson(item);
      line.push(text);
      size += text.length;
      if (size >= LINE_CHARS) {
        yield `[${i},[${line.join(",")}]]\n`;
        line = [];
        size = 0;
      }
    }
    if (line.length) yield `[${i},[${line.join(",")}]]\n`;
  }
}

/** One line of saved text, from a string or from its bytes (ASCII, so any one-byte decoding reads it exactly). */
interface Lines {
  readonly length: number;
  indexOfNewline(from: number): number;
  slice(start: number, end: number): string;
}

function linesOf(text: string | Uint8Array): Lines {
  if (typeof text === "string") {
    return {
      length: text.length,
      indexOfNewline: (from) => text.indexOf("\n", from),
      slice: (a, b) => text.slice(a, b),
    };
  }
  const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  return {
    length: bytes.length,
    indexOfNewline: (from) => bytes.indexOf(10, from),
    slice: (a, b) => bytes.toString("latin1", a, b),
  };
}

/**
 * Reads chunked JSON a line at a time, yielding after each, and returns the value;
 * throws on text that is not chunked JSON. Given the file's bytes rather than a string,
 * each line is decoded as it is read, so no step decodes the whole file.
 */
export function* parseChunkedJson(saved: string | Uint8Array): Generator<void, unknown> {
  const text = linesOf(saved);
  let end = text.indexOfNewline(0);
  if (end < 0) end = text.length;
  const head = JSON.parse(text.slice(0, end)) as { value?: unknown; chunked?: unknown };
  if (!head || typeof head !== "object" || !Array.isArray(head.chunked)) throw new Error("not chunked JSON");
  const paths = head.chunked as Path[];
  const targets = paths.map((p) => at(head.value, p));
  if (!targets.every(Array.isArray)) throw new Error("chunked JSON: a chunked path is not an array");
  yield;
  for (let start = end + 1; start < text.length; start = end + 1) {
    end = text.indexOfNewline(start);
    if (end < 0) end = text.length;
    if (end === start) continue;
    const [i, items] = JSON.parse(text.slice(start, end)) as [number, unknown[]];
    const target = targets[i] as unknown[] | undefined;
    if (!target || !Array.isArray(items)) throw new Error("chunked JSON: a line for no chunked path");
    for (const item of items) target.push(item);
    yield;
  }
  return head.value;
}
