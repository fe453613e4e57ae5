/**
 * The takeaways' saved form (DATA_DIR/takeaways.json): they are minutes of work at
 * 50,000 passages, so a restart with the same corpus reads them back. A save made from
 * other files, another analysis or other takeaway rules is not used.
 */
import { createHash } from "node:crypto";
import { asciiJson } from "../ascii-json.js";
import { SAVED_FORMATS, TAKEAWAYS_VERSION } from "../saved-formats.js";
import type { Takeaway } from "./takeaways.js";

/** What takeaways follow from: the source files, the analysis and the takeaway rules. */
export function takeawaysKey(sourceKey: string, analyzerFingerprint: string): string {
  return createHash("sha256")
    .update(`${SAVED_FORMATS.takeaways}\0${TAKEAWAYS_VERSION}\0${sourceKey}\0${analyzerFingerprint}`)
    .digest("hex")
    .slice(0, 32);
}

export function serializeTakeaways(takeaways: readonly Takeaway[], key: string): string {
  return asciiJson({ format: SAVED_FORMATS.takeaways, key, takeaways });
}

/** The saved takeaways when they were saved under `key`, else null. */
export function readSavedTakeaways(text: string, key: string): Takeaway[] | null {
  try {
    const data = JSON.parse(text) as { format?: unknown; key?: unknown; takeaways?: unknown } | null;
    if (data?.format !== SAVED_FORMATS.takeaways || data.key !== key || !Array.isArray(data.takeaways)) return null;
    return data.takeaways as Takeaway[];
  } catch {
    return null;
  }
}
